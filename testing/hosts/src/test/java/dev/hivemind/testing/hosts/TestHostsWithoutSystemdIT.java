package dev.hivemind.testing.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A test host whose PID 1 is sshd: the same image and users, no systemd running. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestHostsWithoutSystemdIT {
    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.bootWithoutSystemd(1);

    @Test
    @Order(1)
    void sshdIsPidOneAndNoSystemdRuns() {
        System.out.printf("test host without systemd: booted in %d ms%n", HOSTS.bootTime().toMillis());
        TestHost host = HOSTS.host(0);
        assertThat(host.exec("cat /proc/1/comm").orThrow().strip()).isEqualTo("sshd");
        assertThat(host.exec("test -d /run/systemd/system").exitCode()).isEqualTo(1);
        assertThat(host.exec("systemctl is-system-running").exitCode()).isNotZero();
        assertThat(host.exec("hostname; test -x /usr/bin/systemctl && echo has-systemctl").orThrow())
                .isEqualTo("host0\nhas-systemctl\n");
    }

    @Test
    @Order(2)
    void rootAndDeployLogInWithTheClientKey() {
        TestHost host = HOSTS.host(0);
        assertThat(host.ssh("root", "id -un").orThrow()).isEqualTo("root\n");
        assertThat(host.ssh(TestHost.DEPLOY, "sudo -n id -un").orThrow()).isEqualTo("root\n");
        assertThat(HOSTS.outsider().sshWithPassword(host, TestHost.ALICE, TestHost.ALICE_PASSWORD, "id -un")
                .orThrow()).isEqualTo("alice\n");
    }

    @Test
    @Order(3)
    void aRegeneratedHostKeyIsServedAndTheHostRestartsWithIt() {
        TestHost host = HOSTS.host(0);
        String before = host.hostKeyFingerprint();

        host.regenerateHostKey();
        String regenerated = host.hostKeyFingerprint();
        host.stop();
        boolean answeredWhileStopped = Ports.accepts(host.address(), host.sshPort());
        host.start();

        assertThat(regenerated).isNotEqualTo(before);
        assertThat(answeredWhileStopped).isFalse();
        assertThat(host.hostKeyFingerprint()).isEqualTo(regenerated);
        assertThat(host.ssh("root", "cat /proc/1/comm").orThrow()).isEqualTo("sshd\n");
    }
}
