package dev.hivemind.target.ssh.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UfwRulesTest {

    @Test
    void aFreshUfwIsInactiveSoEveryPortIsOpenThoughItsPolicyWouldDrop() {
        FirewallState state = UfwRules.read(Recorded.output("ufw-fresh.txt"));

        assertThat(state.active()).isFalse();
        assertThat(state.defaultDeny()).isTrue();
        assertThat(state.rules()).isEmpty();
        assertThat(state.wideOpen()).isTrue();
        assertThat(state.openPortCount()).isEqualTo(FirewallState.EVERY_PORT);
    }

    @Test
    void theRulesOfAnInactiveUfwAreReadFromShowAddedLeavingOutWhatLetsNothingIn() {
        FirewallState state = UfwRules.read(Recorded.output("ufw-inactive-rules.txt"));

        assertThat(state.active()).isFalse();
        assertThat(state.rules()).extracting(AllowRule::describe).containsExactly(
                "22/tcp from any (hivemind ssh)", "9100/tcp from 10.0.0.0/8", "allow OpenSSH from any",
                "6000:6007/tcp from any", "2222/tcp from any", "53/any from any", "8080/tcp from any (hivemind app shop)");
        assertThat(state.rules().get(6).app()).contains("shop");
        assertThat(state.rules().get(0).app()).isEmpty();
    }

    @Test
    void anActiveUfwDenyingByDefaultOpensWhatItsRulesAllowCountingEachPortOnce() {
        FirewallState state = UfwRules.read(Recorded.output("ufw-active-rules.txt"));

        assertThat(state.active()).isTrue();
        assertThat(state.defaultDeny()).isTrue();
        // 22, 9100, 6000..6007, 2222, 8080 over TCP; 53 over TCP and UDP; OpenSSH, whose ports HiveMind cannot tell
        assertThat(state.openPortCount()).isEqualTo(1 + 1 + 8 + 1 + 1 + 2 + 1);
        assertThat(state.allowsTcp(6003)).isTrue();
        assertThat(state.allowsTcp(23)).isFalse();
    }

    @Test
    void anActiveUfwThatAllowsByDefaultLetsEverythingIn() {
        FirewallState state = UfwRules.read(Recorded.output("ufw-active-allowing.txt"));

        assertThat(state.active()).isTrue();
        assertThat(state.defaultDeny()).isFalse();
        assertThat(state.allowsTcp(23)).isTrue();
    }

    @Test
    void theRulesHiveMindAddsAreWrittenAsUfwListsThemSoTheyAreFoundAgain() {
        UfwRules ufw = new UfwRules();

        assertThat(ufw.tcpRule(22, AllowRule.ANYWHERE, "hivemind ssh")).isEqualTo("allow 22/tcp comment 'hivemind ssh'");
        assertThat(ufw.tcpRule(80, "10.0.0.0/8", "hivemind app web"))
                .isEqualTo("allow from 10.0.0.0/8 to any port 80 proto tcp comment 'hivemind app web'");
        assertThat(UfwRules.parse(ufw.tcpRule(80, "10.0.0.0/8", "hivemind app web"))).contains(
                new AllowRule("allow from 10.0.0.0/8 to any port 80 proto tcp comment 'hivemind app web'",
                        List.of(PortRange.of(80)), "tcp", "10.0.0.0/8", Optional.of("hivemind app web")));
    }

    @Test
    void outgoingRoutedAndDenyRulesLetNothingIn() {
        assertThat(UfwRules.parse("deny 23")).isEmpty();
        assertThat(UfwRules.parse("allow out 53")).isEmpty();
        assertThat(UfwRules.parse("route allow in on eth0 out on eth1")).isEmpty();
        assertThat(UfwRules.parse("allow in on eth0 to any port 80,443 proto tcp").orElseThrow().ports())
                .containsExactly(PortRange.of(80), PortRange.of(443));
    }
}
