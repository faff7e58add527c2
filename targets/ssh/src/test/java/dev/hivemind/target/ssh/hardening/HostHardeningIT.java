package dev.hivemind.target.ssh.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.SecurityCheck;
import dev.hivemind.testing.hosts.ExecResult;
import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hardening real Debian 12 servers (systemd-nspawn hosts in their own network namespaces, {@link TestHosts}), each
 * test on a host of its own: what changes, what a second run leaves alone, and what logins, ports and fail2ban then
 * do as seen from this machine and from another address.
 */
class HostHardeningIT {
    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.boot(5);
    private static final int APP_PORT = 8080;
    private static final int STRAY_PORT = 9000;

    @Test
    void aHardenedHostRefusesPasswordsTakesKeysDropsWhatWasOpenAndAHardeningAgainChangesNothing() {
        // given: a host with password logins on, a stray listener and the app's, both reachable
        TestHost host = HOSTS.host(0);
        listen(host, STRAY_PORT);
        listen(host, APP_PORT);
        assertThat(reachable(host, STRAY_PORT)).isTrue();
        assertThat(passwordLogin(host).ok()).as("alice's password login before hardening").isTrue();
        host.exec("rm -f /etc/apt/apt.conf.d/20auto-upgrades").orThrow();

        // when
        HardeningPlan planned = HostHardening.plan(new TestHostShell(host), request(host));
        HardeningResult first = harden(host);
        HardeningResult second = harden(host);

        // then: the plan said what the first run would change, which changed it, each step recorded with before and
        // after
        assertThat(planned.changes()).contains("firewall: allow 22/tcp from any (hivemind ssh)",
                "firewall: allow 8080/tcp from any (hivemind app shop)", "firewall: turn ufw on",
                "legacy services: apt-get remove inetutils-telnetd",
                "unattended upgrades: turn on APT::Periodic in /etc/apt/apt.conf.d/20auto-upgrades");
        assertThat(planned.changes()).anyMatch(line -> line.startsWith("sshd: write " + SshdHardening.DROP_IN));
        assertThat(HostHardening.plan(new TestHostShell(host), request(host)).lines())
                .containsExactly("root@" + host.address() + ":22: already hardened, nothing to change");
        Map<String, HardeningStep> steps = first.steps().stream()
                .collect(Collectors.toMap(HardeningStep::name, Function.identity()));
        assertThat(steps.get("firewall").changed()).isTrue();
        assertThat(steps.get("firewall").before()).startsWith("ufw inactive (every port open)");
        assertThat(steps.get("firewall").after()).isEqualTo("ufw active, denying by default, allowing "
                + "22/tcp from any (hivemind ssh), 8080/tcp from any (hivemind app shop)");
        assertThat(steps.get("sshd").before()).startsWith("PasswordAuthentication yes");
        assertThat(steps.get("sshd").after()).startsWith("PasswordAuthentication no, KbdInteractiveAuthentication no");
        assertThat(steps.get("unattended-upgrades").changed()).isTrue();
        assertThat(steps.get("legacy-services").before()).contains("inetutils-telnetd");
        assertThat(steps.get("legacy-services").after()).isEqualTo("no telnet, FTP or rsh server");
        assertThat(first.score().score()).as("score: %s", first.score().results()).isEqualTo(100);
        assertThat(first.securityConfig(false, java.util.Optional.empty()).vulnerabilityScanResults())
                .extracting(SecurityCheck::detail).allMatch(detail -> detail.startsWith("before: ")
                        || detail.startsWith("unchanged: "));
        // and the second changed nothing
        assertThat(second.changed()).as("second run: %s", second.steps()).isFalse();
        assertThat(second.steps()).extracting(HardeningStep::after)
                .isEqualTo(first.steps().stream().map(HardeningStep::after).toList());
        assertThat(second.score().score()).isEqualTo(100);

        // and the host now refuses passwords, takes keys, and drops the port that was open
        assertThat(passwordLogin(host).ok()).as("alice's password login after hardening").isFalse();
        assertThat(host.ssh("root", "id -un").orThrow()).isEqualTo("root\n");
        assertThat(host.ssh(TestHost.DEPLOY, "sudo -n id -un").orThrow()).isEqualTo("root\n");
        assertThat(reachable(host, STRAY_PORT)).as("port %d after hardening", STRAY_PORT).isFalse();
        assertThat(reachable(host, APP_PORT)).as("the app's port %d after hardening", APP_PORT).isTrue();
        assertThat(first.openPorts()).containsExactly(22, APP_PORT);
        assertThat(host.exec("ufw status").orThrow()).startsWith("Status: active");
    }

    @Test
    void failedLoginsFromAnotherAddressGetThatAddressBannedWhileThisMachineKeepsItsAccess() {
        // given
        TestHost host = HOSTS.host(1);
        HardeningResult result = harden(host);
        assertThat(result.score().checks()).filteredOn(check -> check.item().checkName().equals("fail2ban-sshd"))
                .allMatch(check -> check.passed());
        String attacker = HOSTS.outsider().address();

        // when: the outsider tries to log in as a user that does not exist, again and again
        for (int attempt = 0; attempt < 6; attempt++) {
            HOSTS.outsider().sshWithPassword(host, "mallory", "guess-" + attempt, "true");
        }

        // then
        awaitBanned(host, attacker);
        awaitDropped(host, 22);
        assertThat(host.ssh("root", "true").ok()).as("this machine's key login").isTrue();
    }

    @Test
    void sshdSettingsAreNotAppliedWhenSshdTRefusesThemOrASecondLoginFails() {
        // given: a drop-in after HiveMind's that makes sshd -t fail
        TestHost host = HOSTS.host(2);
        host.exec("echo 'NoSuchOption yes' > /etc/ssh/sshd_config.d/99-broken.conf").orThrow();
        TestHostShell shell = new TestHostShell(host);

        // when
        StepOutcome refused = new SshdHardening(shell).harden(() -> true);

        // then: the previous configuration is back (there was no drop-in of HiveMind's) and passwords still work
        assertThat(refused.check().passed()).isFalse();
        assertThat(refused.step().after()).contains("sshd -t refused the configuration");
        assertThat(host.exec("test -e " + SshdHardening.DROP_IN).ok()).isFalse();

        // given: a valid configuration again, but a second login that does not work
        host.exec("rm /etc/ssh/sshd_config.d/99-broken.conf").orThrow();

        // when
        StepOutcome locked = new SshdHardening(shell).harden(() -> false);

        // then
        assertThat(locked.check().passed()).isFalse();
        assertThat(locked.step().after()).contains("a second SSH connection with HiveMind's key did not work");
        assertThat(host.exec("test -e " + SshdHardening.DROP_IN).ok()).isFalse();
        assertThat(passwordLogin(host).ok()).as("alice's password login, settings not applied").isTrue();
    }

    @Test
    void whereUfwIsAbsentHiveMindsNftablesTableDropsWhatWasOpenIsLoadedAtBootAndAHardeningAgainChangesNothing() {
        // given: a host without ufw, with a stray listener and the app's
        TestHost host = HOSTS.host(3);
        host.exec("DEBIAN_FRONTEND=noninteractive apt-get -q -y remove ufw").orThrow();
        listen(host, STRAY_PORT);
        listen(host, APP_PORT);
        assertThat(reachable(host, STRAY_PORT)).isTrue();

        // when
        HardeningResult first = harden(host);
        HardeningResult second = harden(host);

        // then
        HardeningStep firewall = first.steps().getFirst();
        assertThat(firewall.before()).startsWith("nftables table inet hivemind inactive (every port open)");
        assertThat(firewall.after()).isEqualTo("nftables table inet hivemind active, denying by default, allowing "
                + "22/tcp from any (hivemind ssh), 8080/tcp from any (hivemind app shop)");
        assertThat(second.changed()).as("second run: %s", second.steps()).isFalse();
        assertThat(reachable(host, STRAY_PORT)).as("port %d after hardening", STRAY_PORT).isFalse();
        assertThat(reachable(host, APP_PORT)).isTrue();
        assertThat(host.ssh("root", "true").ok()).isTrue();
        // loaded at boot: nftables.service is enabled and its configuration, which includes the table, is valid
        assertThat(host.exec("systemctl is-enabled nftables").output().strip()).isEqualTo("enabled");
        assertThat(host.exec("grep -x 'include \"" + NftRules.FILE + "\"' /etc/nftables.conf").ok()).isTrue();
        assertThat(host.exec("nft -c -f /etc/nftables.conf").ok()).isTrue();

        // when: the app is destroyed
        HardeningStep removed = HostHardening.removeAppRules(new TestHostShell(host), "shop");

        // then
        assertThat(removed.changed()).isTrue();
        assertThat(removed.after()).isEqualTo("nftables table inet hivemind active, denying by default, allowing "
                + "22/tcp from any (hivemind ssh)");
        assertThat(reachable(host, APP_PORT)).isFalse();
        assertThat(host.ssh("root", "true").ok()).isTrue();
    }

    @Test
    void theRulesOpenedForAnAppAreRemovedOnDestroyWhileSshAndOtherAppsKeepTheirs() {
        // given: a hardened host where another app, blog, is provisioned on port 3000
        TestHost host = HOSTS.host(4);
        TestHostShell shell = new TestHostShell(host);
        listen(host, APP_PORT);
        listen(host, 3000);
        harden(host);
        assertThat(reachable(host, 3000)).as("blog's port before it is provisioned").isFalse();

        // when
        HardeningStep opened = HostHardening.openAppRules(shell, "blog", Set.of(3000));
        HardeningStep openedAgain = HostHardening.openAppRules(shell, "blog", Set.of(3000));

        // then
        assertThat(opened.changed()).isTrue();
        assertThat(openedAgain.changed()).isFalse();
        assertThat(reachable(host, 3000)).as("blog's port once provisioned").isTrue();
        assertThat(harden(host).changed()).as("hardening shop keeps blog's rule").isFalse();

        // when
        HardeningStep removed = HostHardening.removeAppRules(shell, "blog");
        HardeningStep removedAgain = HostHardening.removeAppRules(shell, "blog");

        // then
        assertThat(removed.changed()).isTrue();
        assertThat(removedAgain.changed()).isFalse();
        assertThat(host.exec("ufw show added").orThrow()).doesNotContain("hivemind app blog")
                .contains("hivemind app shop").contains("hivemind ssh");
        assertThat(reachable(host, 3000)).as("blog's port once destroyed").isFalse();
        assertThat(reachable(host, APP_PORT)).isTrue();
        assertThat(host.ssh(TestHost.DEPLOY, "true").ok()).isTrue();
    }

    private static HardeningResult harden(TestHost host) {
        return HostHardening.harden(new TestHostShell(host), request(host));
    }

    private static HardeningRequest request(TestHost host) {
        return new HardeningRequest("shop", Set.of(APP_PORT), () -> host.ssh("root", "true").ok());
    }

    private static ExecResult passwordLogin(TestHost host) {
        return HOSTS.outsider().sshWithPassword(host, TestHost.ALICE, TestHost.ALICE_PASSWORD, "id -un");
    }

    private static void listen(TestHost host, int port) {
        host.exec("systemd-run --quiet --unit=listener-" + port + " python3 -m http.server " + port).orThrow();
        Instant deadline = Instant.now().plusSeconds(20);
        while (!host.exec("ss -Hltn 'sport = :" + port + "' | grep -q LISTEN").ok()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("nothing listens on port " + port + " of " + host);
            }
            pause(Duration.ofMillis(200));
        }
    }

    private static boolean reachable(TestHost host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.address(), port), 3000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitBanned(TestHost host, String address) {
        Instant deadline = Instant.now().plusSeconds(30);
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            status = host.exec("fail2ban-client status sshd").output();
            if (status.contains(address)) {
                return;
            }
            pause(Duration.ofMillis(500));
        }
        throw new AssertionError(address + " was not banned within 30 s; fail2ban says: " + status
                + "; its log ends: " + host.exec("tail -n 20 /var/log/fail2ban.log").output());
    }

    /** The ban's action runs just after fail2ban lists the address: the outsider is dropped within a few seconds. */
    private static void awaitDropped(TestHost host, int port) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (HOSTS.outsider().exec("timeout 3 bash -c '</dev/tcp/" + host.address() + "/" + port + "'").ok()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the outsider still reaches port " + port + " of " + host + " 20 s after its "
                        + "ban; the host's ruleset: " + host.exec("nft list ruleset").output());
            }
            pause(Duration.ofMillis(500));
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
