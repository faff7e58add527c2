package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh target against two real Debian hosts (systemd booted in network namespaces, each with its own root
 * filesystem and sshd): bootstrap, deploy to both, redeploy under load, a release that fails on the first host,
 * rollback, status per host, an unchanged redeploy that uploads nothing, a changed host key, and destroy. One
 * deployment history, so the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshTargetIT {
    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.boot(2);
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static CliHarness cli;

    private static CliHarness cli() {
        assumeTrue(TestHosts.unavailableReason().isEmpty(), () -> TestHosts.unavailableReason().get());
        if (cli == null) {
            cli = new CliHarness(home, work);
        }
        return cli;
    }

    private static List<String> deploy(String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", CliHarness.example("node-express").toString(),
                "--app", "shop", "--target", "ssh", "--ssh-key", HOSTS.clientKey().toString()));
        for (TestHost host : HOSTS.hosts()) {
            args.addAll(List.of("--host", "root@" + host.address()));
        }
        args.addAll(List.of(extra));
        return args;
    }

    private static String url(TestHost host) {
        return "http://" + host.address() + "/";
    }

    @Test
    @Order(1)
    void deploysToBothHostsWhichEachServeOnPort80() {
        CliHarness.Result result = cli().run(deploy().toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).containsPattern("uploaded [1-9]\\d* of \\d+ file\\(s\\)");
        for (TestHost host : HOSTS.hosts()) {
            assertThat(result.err()).contains("first contact with root@" + host.address() + ":22: trusted its host key "
                    + host.hostKeyFingerprint());
            assertThat(Http.get(url(host)).body()).isEqualTo("Hello from node-express v1\n");
            assertThat(host.exec("systemctl is-active hivemind-agent").output().strip()).isEqualTo("active");
            assertAppIsolated(host);
        }
    }

    /**
     * The agent runs as root under systemd, so the app runs as its own user, which cannot read the agent's state; the
     * test hosts' cgroups are v2 without controllers (systemd-nspawn on a hybrid machine), so its transient unit holds
     * it to rlimits besides MemoryMax and TasksMax.
     */
    private static void assertAppIsolated(TestHost host) {
        String user = host.exec("ps -o user= -C node | sort -u").output().strip();
        assertThat(user).startsWith("hm-shop-");
        assertThat(host.exec("setpriv --reuid=" + user + " --regid=" + user + " --clear-groups "
                + "cat /var/lib/hivemind/agent/desired.json").ok()).as("the app's user reads desired.json").isFalse();
        assertThat(host.exec("setpriv --reuid=" + user + " --regid=" + user + " --clear-groups "
                + "ls /var/lib/hivemind/apps").ok()).as("the app's user lists the apps").isFalse();
        assertThat(host.exec("grep 'Max processes' /proc/$(pgrep -o -x node)/limits").output())
                .containsPattern("Max processes +256 +256");
        assertThat(host.exec("systemctl list-units --plain --no-legend 'hm-shop-*'").output()).contains("running");
    }

    @Test
    @Order(2)
    void statusShowsARowPerHost() {
        CliHarness.Result status = cli().run("status", "shop");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        for (TestHost host : HOSTS.hosts()) {
            assertThat(status.out()).containsPattern("root@" + host.address().replace(".", "\\.")
                    + ":22 +\\S+ +1/1");
        }
    }

    @Test
    @Order(3)
    void aRedeployUnderLoadThroughBothHostsFailsNoRequest() throws Exception {
        CliHarness.Result result;
        try (LoadLoop first = new LoadLoop(url(HOSTS.host(0)), 2);
             LoadLoop second = new LoadLoop(url(HOSTS.host(1)), 2)) {
            result = cli().run(deploy("--env", "APP_VERSION=v2").toArray(String[]::new));
            Thread.sleep(300);
            first.close();
            second.close();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(first.failures()).isEmpty();
            assertThat(second.failures()).isEmpty();
            assertThat(first.requests() + second.requests()).isGreaterThan(20);
        }
        for (TestHost host : HOSTS.hosts()) {
            assertThat(Http.get(url(host)).body()).isEqualTo("Hello from node-express v2\n");
        }
    }

    @Test
    @Order(4)
    void aReleaseThatFailsOnTheFirstHostLeavesBothOnTheOldRelease() {
        CliHarness.Result result = cli().run(deploy("--env", "APP_VERSION=v3", "--health-path", "/missing",
                "--startup-deadline", "10s").toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("failed on root@" + HOSTS.host(0).address() + ":22")
                .contains("not touched: root@" + HOSTS.host(1).address() + ":22");
        for (TestHost host : HOSTS.hosts()) {
            assertThat(Http.get(url(host)).body()).isEqualTo("Hello from node-express v2\n");
        }
    }

    @Test
    @Order(5)
    void rollbackSwitchesEveryHostBack() {
        CliHarness.Result result = cli().run("rollback", "shop");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (TestHost host : HOSTS.hosts()) {
            assertThat(Http.get(url(host)).body()).isEqualTo("Hello from node-express v1\n");
        }
    }

    @Test
    @Order(6)
    void aRedeployOfTheSameArtifactUploadsNothing() {
        CliHarness.Result result = cli().run(deploy().toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("uploaded 0 of").contains(", 0 bytes")
                .contains("already bootstrapped, nothing changed");
    }

    @Test
    @Order(7)
    void aChangedHostKeyIsRefusedWithExit2() {
        HOSTS.host(1).regenerateHostKey();

        CliHarness.Result result = cli().run(deploy().toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("host key of root@" + HOSTS.host(1).address() + ":22 changed")
                .contains("ssh-keygen -R");
    }

    @Test
    @Order(8)
    void destroyLeavesNothingOfTheAppOnTheHostsAndPurgesTheHostThatRunsNoOtherApp() {
        // The key changed on purpose above: forget it as the remediation says.
        CliHarness.Result forget = cli().run("destroy", "shop", "--auto-approve");
        assertThat(forget.exitCode()).as(forget.toString()).isEqualTo(2);
        removeKnownHost(HOSTS.host(1));
        TestHost shared = HOSTS.host(1);
        CliHarness.Result other = cli().run("deploy", CliHarness.example("node-express").toString(), "--app", "blog",
                "--target", "ssh", "--ssh-key", HOSTS.clientKey().toString(), "--host", "root@" + shared.address(),
                "--port", "8081", "--env", "APP_VERSION=blog");
        assertThat(other.exitCode()).as(other.toString()).isZero();

        CliHarness.Result result = cli().run("destroy", "shop", "--purge-host", "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (TestHost host : HOSTS.hosts()) {
            assertThat(host.exec("test -e /var/lib/hivemind/apps/shop").ok()).isFalse();
            assertThat(host.exec("ss -ltnH 'sport = :80'").output()).isBlank();
            assertThat(host.exec("getent passwd | grep '^hm-shop-'").ok()).as("the app's user is removed").isFalse();
            assertThat(host.exec("systemctl list-units --all --plain --no-legend 'hm-shop-*'").output())
                    .as("a transient unit of the app").isBlank();
        }
        TestHost purged = HOSTS.host(0);
        assertThat(purged.exec("pgrep -x node").ok()).isFalse();
        assertThat(purged.exec("test -e /var/lib/hivemind || test -e /etc/systemd/system/hivemind-agent.service "
                + "|| id -u hivemind || pgrep -f '[a]gent run'").ok()).as("anything of HiveMind left").isFalse();
        assertThat(result.err()).contains("removed the system user hivemind")
                .contains("kept HiveMind on the host: its agent still runs blog");
        assertThat(shared.exec("systemctl is-active hivemind-agent").output().strip()).isEqualTo("active");
        assertThat(Http.get("http://" + shared.address() + ":8081/").body()).isEqualTo("Hello from node-express blog\n");
    }

    @Test
    @Order(9)
    void aPurgedHostIsBootstrappedAgainAndServesHttpsWithTls() throws Exception {
        TestHost host = HOSTS.host(0);

        CliHarness.Result result = cli().run("deploy", CliHarness.example("node-express").toString(), "--app",
                "secure", "--target", "ssh", "--ssh-key", HOSTS.clientKey().toString(), "--host", "root@"
                        + host.address(), "--tls");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("created the system user hivemind");
        Path certificate = home.resolve("ssh/certificates/" + host.address() + "_22.crt");
        try (var https = java.net.http.HttpClient.newBuilder().sslContext(dev.hivemind.api.PinnedCertificate
                .sslContext(certificate)).build()) {
            var answer = https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://"
                    + host.address() + "/")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("Hello from node-express v1\n");
        }
        Http.Answer plain = Http.get("http://" + host.address() + ":443/");
        assertThat(plain.status()).isEqualTo(308);
        assertThat(cli().run("destroy", "secure", "--purge-host", "--auto-approve").exitCode()).isZero();
    }

    private static void removeKnownHost(TestHost host) {
        Path knownHosts = home.resolve("ssh/known_hosts");
        try {
            List<String> kept = java.nio.file.Files.readAllLines(knownHosts).stream()
                    .filter(line -> !line.startsWith(host.address() + " ")).toList();
            java.nio.file.Files.write(knownHosts, kept);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
