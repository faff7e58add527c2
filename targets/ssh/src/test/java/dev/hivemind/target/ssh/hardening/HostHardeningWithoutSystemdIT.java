package dev.hivemind.target.ssh.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.target.hardening.HostRubric;
import dev.hivemind.target.hardening.ScoredCheck;
import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hardening a real server whose init is not systemd (sshd is PID 1): what works without it, and what is reported. */
class HostHardeningWithoutSystemdIT {
    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.bootWithoutSystemd(1);

    @Test
    void withoutSystemdSshdIsReloadedBySignalTheFirewallIsOnAndFail2banIsReportedNotRun() {
        // given
        TestHost host = HOSTS.host(0);
        HardeningRequest request = new HardeningRequest("shop", Set.of(8080), () -> host.ssh("root", "true").ok());

        // when
        HardeningResult first = HostHardening.harden(new TestHostShell(host), request);
        HardeningResult second = HostHardening.harden(new TestHostShell(host), request);

        // then
        assertThat(first.score().checks()).filteredOn(check -> !check.passed()).extracting(ScoredCheck::item)
                .containsExactly(HostRubric.FAIL2BAN_SSHD);
        assertThat(first.score().recommendations()).singleElement().asString()
                .contains("Run fail2ban on root@" + host.address() + ":22");
        assertThat(first.score().score()).isEqualTo(85);
        assertThat(second.changed()).as("second run: %s", second.steps()).isFalse();
        assertThat(host.exec("/usr/sbin/sshd -T | grep -E '^(passwordauthentication|kbdinteractiveauthentication) '")
                .orThrow()).isEqualTo("passwordauthentication no\nkbdinteractiveauthentication no\n");
        assertThat(HOSTS.outsider().sshWithPassword(host, TestHost.ALICE, TestHost.ALICE_PASSWORD, "true").ok())
                .as("alice's password login after hardening").isFalse();
        assertThat(host.ssh(TestHost.DEPLOY, "true").ok()).isTrue();
        assertThat(host.exec("ufw status").orThrow()).startsWith("Status: active");
    }
}
