package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh target when things go wrong, on two real Debian hosts: the CLI killed with SIGKILL while it uploads to
 * the second host, then {@code resume}, which does not repeat the first host's bootstrap; then a host that stops
 * answering: the pipeline retries and fails naming it, and {@code status} shows it down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshResumeIT {
    private static final Pattern DEPLOYMENT = Pattern.compile(" as (\\S+)");
    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.boot(2);
    @TempDir
    static Path home;
    @TempDir
    static Path work;

    private static List<String> deploy(String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", CliHarness.example("node-express").toString(),
                "--app", "shop", "--target", "ssh", "--ssh-key", HOSTS.clientKey().toString(), "--no-harden"));
        for (TestHost host : HOSTS.hosts()) {
            args.addAll(List.of("--host", "root@" + host.address()));
        }
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    @Order(1)
    void aCliKilledDuringAnUploadIsResumedWithoutRepeatingTheFinishedHost() throws Exception {
        assumeTrue(TestHosts.unavailableReason().isEmpty(), () -> TestHosts.unavailableReason().get());
        String second = "root@" + HOSTS.host(1).address() + ":22: uploading";
        String id;
        try (CliProcess cli = CliProcess.start(home, work.resolve("deploy.log"), deploy().toArray(String[]::new))) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (!cli.output().contains(second) && cli.alive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(cli.output()).as("the CLI reached the second host's upload").contains(second);
            cli.kill();
            Matcher matcher = DEPLOYMENT.matcher(cli.output());
            assertThat(matcher.find()).as(cli.output()).isTrue();
            id = matcher.group(1);
        }

        try (CliHarness harness = new CliHarness(home, work)) {
            CliHarness.Result resumed = harness.run("resume", id);

            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(resumed.err()).contains("root@" + HOSTS.host(0).address() + ":22: already bootstrapped, "
                    + "nothing changed");
            for (TestHost host : HOSTS.hosts()) {
                assertThat(Http.get("http://" + host.address() + "/").body()).isEqualTo("Hello from node-express v1\n");
            }
        }
    }

    @Test
    @Order(2)
    void aHostThatStopsAnsweringFailsTheDeploymentAfterTheRetriesNamingIt() {
        assumeTrue(TestHosts.unavailableReason().isEmpty(), () -> TestHosts.unavailableReason().get());
        TestHost down = HOSTS.host(1);
        down.stop();
        try (CliHarness harness = new CliHarness(home, work)) {
            CliHarness.Result result = harness.run(deploy("--skip-preflight", "--env", "APP_VERSION=v2")
                    .toArray(String[]::new));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).contains("root@" + down.address() + ":22 is unreachable")
                    .contains("(attempt 3)");
            assertThat(Http.get("http://" + HOSTS.host(0).address() + "/").body())
                    .as("the host that answers was not touched").isEqualTo("Hello from node-express v1\n");

            CliHarness.Result status = harness.run("status", "shop");
            assertThat(status.exitCode()).as(status.toString()).isEqualTo(1);
            assertThat(status.out()).contains("root@" + down.address() + ":22").contains("DOWN:");
        } finally {
            down.start();
        }
    }
}
