package dev.hivemind.testing.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real test hosts: booted with systemd, reached over SSH with the system client, isolated from this machine and
 * from each other. The tests that stop a host or change its key come last. Several runs at once, and what a run
 * leaves behind: {@link TestHostRunsIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestHostsIT {
    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.boot(2);

    @TempDir
    static Path directory;

    @Test
    @Order(1)
    void bothHostsAnswerSshWithTheClientKeyAsRootAndAsDeploy() throws Exception {
        System.out.printf("test hosts: 2 booted in %d ms%n", HOSTS.bootTime().toMillis());
        Path knownHosts = directory.resolve("known_hosts");
        for (TestHost host : HOSTS.hosts()) {
            assertThat(SystemSsh.acceptNew(host, "root", knownHosts, "id -un").orThrow().strip()).isEqualTo("root");
            assertThat(SystemSsh.acceptNew(host, TestHost.DEPLOY, knownHosts, "id -un && sudo -n id -un").orThrow())
                    .isEqualTo("deploy\nroot\n");
        }
        // What ssh recorded on first contact is the key each host made for itself.
        String recorded = Commands.check("ssh-keygen", "-l", "-f", knownHosts.toString());
        for (TestHost host : HOSTS.hosts()) {
            assertThat(recorded).contains(host.hostKeyFingerprint() + " " + host.address() + " (ED25519)");
        }
        assertThat(Files.readAllLines(knownHosts)).hasSize(2);
    }

    @Test
    @Order(2)
    void systemdIsPidOneAndTheSystemComesUp() {
        for (TestHost host : HOSTS.hosts()) {
            assertThat(host.exec("cat /proc/1/comm").orThrow().strip()).isEqualTo("systemd");
            assertThat(host.exec("systemctl is-system-running --wait").output().strip()).isIn("running", "degraded");
            assertThat(host.exec("systemctl is-active ssh").orThrow()).isEqualTo("active\n");
            // A telnet server (inetd) listens, for hardening to find and remove.
            assertThat(Ports.accepts(host.address(), 23)).isTrue();
        }
    }

    @Test
    @Order(3)
    void eachHostHasItsOwnNameHostKeyAndMachineId() {
        TestHost first = HOSTS.host(0);
        TestHost second = HOSTS.host(1);
        assertThat(first.hostKeyFingerprint()).startsWith("SHA256:").isNotEqualTo(second.hostKeyFingerprint());
        assertThat(first.machineId()).matches("[0-9a-f]{32}").isNotEqualTo(second.machineId());
        assertThat(first.exec("hostname; cat /etc/machine-id").orThrow())
                .isEqualTo("host0\n" + first.machineId() + "\n");
        assertThat(first.address()).isNotEqualTo(second.address());
        assertThat(first.exec("ip -o -4 addr show dev eth0").orThrow()).contains("inet " + first.address() + "/24");
        // The host's key is not the image's (it has none) nor this machine's.
        assertThat(Path.of(HostImage.rootfs().toString(), "etc/ssh/ssh_host_ed25519_key.pub")).doesNotExist();
    }

    @Test
    @Order(4)
    void execRunsInsideTheHostWithItsExitCodeOutputAndErrors() {
        TestHost host = HOSTS.host(1);
        ExecResult result = host.exec("echo $HOME; hostname; cat /etc/debian_version >/dev/null; echo oops >&2;"
                + " exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("/root\nhost1\n");
        assertThat(result.errors()).isEqualTo("oops\n");
        assertThatThrownBy(result::orThrow).hasMessageContaining("exited with 3").hasMessageContaining("oops");
        // The image has no Java: HiveMind's SSH target brings its own runtime.
        assertThat(host.exec("command -v java").exitCode()).isNotZero();
        assertThat(host.exec("node --version && npm --version && python3 --version").ok()).isTrue();
    }

    @Test
    @Order(5)
    void ufwInsideOneHostFiltersOnlyThatHost() {
        TestHost guarded = HOSTS.host(0);
        TestHost other = HOSTS.host(1);
        for (TestHost host : HOSTS.hosts()) {
            host.exec("systemd-run --unit=web python3 -m http.server 8080").orThrow();
            Ports.awaitOpen(host.address(), 8080);
        }
        String machineRules = MachineFirewall.rules(guarded);

        guarded.exec("ufw allow 22/tcp && ufw --force enable").orThrow();

        assertThat(guarded.exec("ufw status").orThrow()).contains("Status: active");
        assertThat(Ports.accepts(guarded.address(), 8080)).isFalse();
        assertThat(Ports.accepts(guarded.address(), 22)).isTrue();
        assertThat(Ports.accepts(other.address(), 8080)).isTrue();
        assertThat(MachineFirewall.rules(guarded)).isEqualTo(machineRules);
        assertThat(guarded.ssh("root", "true").ok()).isTrue();
    }

    @Test
    @Order(6)
    void theOutsiderLogsInWithAlicesPasswordFromItsOwnAddress() {
        Outsider outsider = HOSTS.outsider();
        TestHost host = HOSTS.host(1);

        ExecResult login = outsider.sshWithPassword(host, TestHost.ALICE, TestHost.ALICE_PASSWORD,
                "id -un; echo $SSH_CLIENT");
        ExecResult wrong = outsider.sshWithPassword(host, TestHost.ALICE, "not-" + TestHost.ALICE_PASSWORD, "true");

        assertThat(login.orThrow()).startsWith("alice\n" + outsider.address() + " ");
        assertThat(wrong.exitCode()).isEqualTo(255);
        assertThat(wrong.errors()).contains("Permission denied");
        assertThat(outsider.exec("ip -o -4 addr show dev eth0").orThrow()).contains(outsider.address() + "/24");
        assertThat(host.ssh("root", "echo $SSH_CLIENT").orThrow()).startsWith(HOSTS.machineAddress() + " ");
    }

    @Test
    @Order(7)
    void failedLoginsFromTheOutsiderGetItBannedByFail2banWhileThisMachineStaysIn() {
        TestHost host = HOSTS.host(0);
        Outsider outsider = HOSTS.outsider();
        // As on a stock Debian 12 server (journald, no syslog), the default sshd jail finds no log file.
        assertThat(host.exec("systemctl is-active fail2ban").output()).isEqualTo("failed\n");
        assertThat(host.exec("journalctl -u fail2ban").output()).contains("Have not found any log file for sshd jail");
        host.exec("printf '[sshd]\\nbackend = systemd\\nmaxretry = 3\\n' > /etc/fail2ban/jail.d/test.conf"
                + " && systemctl restart fail2ban"
                + " && for i in $(seq 100); do fail2ban-client status sshd >/dev/null 2>&1 && exit 0; sleep 0.1; done;"
                + " exit 1").orThrow();

        for (int attempt = 0; attempt < 4; attempt++) {
            outsider.sshWithPassword(host, TestHost.ALICE, "not-" + TestHost.ALICE_PASSWORD, "true");
        }

        assertThat(host.exec("for i in $(seq 300); do fail2ban-client status sshd | grep -q " + outsider.address()
                + " && exit 0; sleep 0.1; done; exit 1").ok()).isTrue();
        assertThat(outsider.exec("timeout 5 bash -c 'exec 3<>/dev/tcp/" + host.address() + "/22'").ok()).isFalse();
        assertThat(host.ssh("root", "true").ok()).isTrue();
        assertThat(outsider.sshWithPassword(HOSTS.host(1), TestHost.ALICE, TestHost.ALICE_PASSWORD, "true").ok())
                .isTrue();
    }

    @Test
    @Order(8)
    void aStoppedHostIsUnreachableAndComesBackWithTheSameIdentity() {
        TestHost host = HOSTS.host(1);
        String fingerprint = host.hostKeyFingerprint();
        String machineId = host.machineId();

        host.stop();

        assertThat(host.running()).isFalse();
        assertThat(Ports.accepts(host.address(), 22)).isFalse();
        assertThatThrownBy(() -> host.exec("true")).hasMessageContaining("host1 is stopped");
        assertThat(host.ssh("root", "true").exitCode()).isEqualTo(255);
        assertThat(HOSTS.host(0).ssh("root", "true").ok()).isTrue();

        host.start();

        assertThat(host.ssh("root", "cat /etc/machine-id").orThrow().strip()).isEqualTo(machineId);
        assertThat(host.hostKeyFingerprint()).isEqualTo(fingerprint);
    }

    @Test
    @Order(9)
    void aRegeneratedHostKeyIsWhatSshdPresentsAndAStrictClientRefusesIt() {
        TestHost host = HOSTS.host(1);
        Path knownHosts = directory.resolve("known_hosts-before");
        assertThat(SystemSsh.acceptNew(host, "root", knownHosts, "true").ok()).isTrue();
        String before = host.hostKeyFingerprint();

        host.regenerateHostKey();

        assertThat(host.hostKeyFingerprint()).isNotEqualTo(before);
        ExecResult refused = SystemSsh.acceptNew(host, "root", knownHosts, "true");
        assertThat(refused.exitCode()).isEqualTo(255);
        assertThat(refused.errors()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
        assertThat(host.ssh("root", "true").ok()).isTrue();
    }

    /** The system ssh client as a user would run it: first contact accepted and recorded, then checked. */
    static final class SystemSsh {
        static ExecResult acceptNew(TestHost host, String user, Path knownHosts, String command) {
            return Commands.run(List.of("ssh", "-F", "/dev/null", "-i", host.clientKey().toString(),
                    "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes",
                    "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                    "-o", "StrictHostKeyChecking=accept-new", "-p", String.valueOf(host.sshPort()),
                    user + "@" + host.address(), command), TestHost.EXEC);
        }
    }
}
