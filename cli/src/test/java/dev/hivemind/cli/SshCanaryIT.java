package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.io.IOException;
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
 * Canaries across two real Debian hosts, with the same steps and analysis as on the local target, host by host: a
 * healthy canary is promoted on each host in turn; one that answers 500 on every other request fails its analysis on
 * the first host, whose traffic goes back to stable, and the second host is not touched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshCanaryIT {
    private static final String YAML = """
            canary:
              steps: [{weight: 50, pause: 2s}, {weight: 100}]
              analysis: {min-requests: 10, inconclusive-holds: 2}
            drain: {timeout: 2s, grace: 2s}
            """;

    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.boot(2);
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static CliHarness cli;
    private static Path app;

    private static CliHarness cli() throws IOException {
        assumeTrue(TestHosts.unavailableReason().isEmpty(), () -> TestHosts.unavailableReason().get());
        if (cli == null) {
            cli = new CliHarness(home, work);
            app = TestApps.rollout(work, "shop", YAML);
            java.nio.file.Files.writeString(app.resolve("package.json"), """
                    {"name": "shop", "version": "1.0.0", "engines": {"node": ">=18"},
                     "scripts": {"start": "node server.js"}}
                    """);
        }
        return cli;
    }

    private static CliHarness.Result deploy(String version, String... options) throws IOException {
        CliHarness harness = cli();
        List<String> args = new ArrayList<>(List.of("deploy", app.toString(), "--app", "shop", "--target", "ssh",
                "--ssh-key", HOSTS.clientKey().toString(), "--no-harden", "--strategy", "canary", "--env",
                "APP_VERSION=" + version, "--health-interval", "200ms", "--health-threshold", "1"));
        HOSTS.hosts().forEach(host -> args.addAll(List.of("--host", "root@" + host.address())));
        args.addAll(List.of(options));
        return harness.run(args.toArray(String[]::new));
    }

    private static String url(TestHost host) {
        return "http://" + host.address() + "/";
    }

    @Test
    @Order(1)
    void aHealthyCanaryIsPromotedOnEachHostInTurn() throws Exception {
        CliHarness.Result first = deploy("v1");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).contains("no stable release of shop serves yet: the canary deploys like blue-green");

        CliHarness.Result result;
        try (LoadLoop one = new LoadLoop(url(HOSTS.host(0)), 2); LoadLoop two = new LoadLoop(url(HOSTS.host(1)), 2)) {
            result = deploy("v2");
            assertThat(one.failures()).isEmpty();
            assertThat(two.failures()).isEmpty();
            assertThat(one.bodies()).contains("hello v1", "hello v2");
            assertThat(two.bodies()).contains("hello v1", "hello v2");
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (TestHost host : HOSTS.hosts()) {
            assertThat(result.err()).containsPattern(host.address().replace(".", "\\.")
                    + ".*canary step 1 of 2: 50 % of traffic to ");
            assertThat(Http.get(url(host)).body()).isEqualTo("hello v2");
        }
        assertThat(result.err()).contains("canary analysis, step 1 (50 %): pass: ", "promoted: all traffic");
    }

    @Test
    @Order(2)
    void aCanaryFailingItsAnalysisOnTheFirstHostLeavesBothHostsOnStable() throws Exception {
        CliHarness.Result result;
        try (LoadLoop one = new LoadLoop(url(HOSTS.host(0)), 4)) {
            result = deploy("v3", "--env", "FAIL_EVERY=2");
            assertThat(one.failures()).as("only the canary's own 500s").isNotEmpty()
                    .allMatch(failure -> failure.equals("500 injected failure v3"));
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("failed its analysis: canary error rate ")
                .contains("aborted at step 1 of 2 (50 %): all traffic is back on ")
                .doesNotContainPattern(HOSTS.host(1).address().replace(".", "\\.") + ".*canary step 1 of 2");
        for (TestHost host : HOSTS.hosts()) {
            for (int i = 0; i < 10; i++) {
                assertThat(Http.get(url(host)).body()).isEqualTo("hello v2");
            }
        }
        assertThat(cli().run("destroy", "shop", "--auto-approve").exitCode()).isZero();
    }
}
