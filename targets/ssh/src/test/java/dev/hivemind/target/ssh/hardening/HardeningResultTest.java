package dev.hivemind.target.ssh.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.SshHost;
import dev.hivemind.target.hardening.HardeningScore;
import dev.hivemind.target.hardening.HostRubric;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HardeningResultTest {
    private static final FirewallRule SSH = new FirewallRule(22, "tcp", "any", "hivemind ssh");
    private static final FirewallRule SHOP = new FirewallRule(80, "tcp", "any", "hivemind app shop");

    @Test
    void aStepRecordsWhatItFoundAndLeftAndSaysSoWhenItChangedNothing() {
        assertThat(new HardeningStep("firewall", "ufw inactive", "ufw active", true).detail())
                .isEqualTo("before: ufw inactive; after: ufw active");
        assertThat(HardeningStep.unchanged("sshd", "PasswordAuthentication no").detail())
                .isEqualTo("unchanged: PasswordAuthentication no");
    }

    @Test
    void severalHostsCombineToTheLowestScoreEveryRuleAndPortAndTheirRecommendationsByHost() {
        // given
        HardeningResult web1 = result("web1", HostRubric.FIREWALL, List.of(SSH, SHOP), List.of(22, 80));
        HardeningResult web2 = result("web2", HostRubric.FAIL2BAN_SSHD, List.of(SSH, SHOP,
                new FirewallRule(2222, "tcp", "10.0.0.0/8", "hivemind ssh")), List.of(22, 80, 2222));

        // when
        SecurityConfig combined = HardeningResult.combine(List.of(web1, web2), false, Optional.empty());

        // then
        assertThat(combined.securityScore()).isEqualTo(75);
        assertThat(combined.firewallRules()).hasSize(3).startsWith(SSH, SHOP);
        assertThat(combined.openPorts()).containsExactly(22, 80, 2222);
        assertThat(combined.recommendations()).containsExactly("root@web1:22: fix firewall",
                "root@web2:22: fix fail2ban-sshd");
        assertThat(combined.vulnerabilityScanResults()).hasSize(12).contains(
                new SecurityCheck("root@web1:22 firewall", false, "found"),
                new SecurityCheck("root@web2:22 firewall", true, "found"));
    }

    @Test
    void oneHostsSecurityConfigIsItsOwnScore() {
        HardeningResult web1 = result("web1", HostRubric.NO_LEGACY_SERVICES, List.of(SSH), List.of(22));

        SecurityConfig config = web1.securityConfig(true, Optional.of("/var/lib/hivemind/tls/host.crt"));

        assertThat(config.securityScore()).isEqualTo(90);
        assertThat(config.sslEnabled()).isTrue();
        assertThat(config.recommendations()).containsExactly("fix no-legacy-services");
    }

    @Test
    void anAppNameThatCannotNameAFirewallRuleAndPortsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new HardeningRequest("shop'; reboot", Set.of(80), () -> true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot name a firewall rule");
        assertThatThrownBy(() -> new HardeningRequest("shop", Set.of(0), () -> true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("port 0 is outside 1..65535");
        assertThatThrownBy(() -> new HardeningRequest("a b", Set.of(70_000), () -> true))
                .hasMessageContaining("'a b' cannot name a firewall rule").hasMessageContaining("port 70000 is outside");
    }

    private static HardeningResult result(String host, HostRubric failing, List<FirewallRule> rules,
            List<Integer> ports) {
        HardeningScore score = new HardeningScore(Arrays.stream(HostRubric.values())
                .map(item -> item.check(item != failing, "found", "fix " + item.checkName())).toList());
        return new HardeningResult(new SshHost("root", host, 22), List.of(), score, rules, ports);
    }
}
