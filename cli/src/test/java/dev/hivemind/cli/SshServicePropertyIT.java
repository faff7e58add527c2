package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LowerChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property 24: after a deploy to SSH hosts that HiveMind reports as successful, the service runs on every host: the
 * host's agent is an active systemd unit, the public port answers with the release just deployed, and {@code status}
 * counts every replica ready. Real Debian test hosts (systemd, OpenSSH) in network namespaces; every try is a real
 * deploy of {@code examples/node-express} with a generated strategy, replica count and version.
 */
class SshServicePropertyIT {
    private static TestHosts hosts;
    private static Path directory;
    private static CliHarness cli;

    @BeforeContainer
    static void bootHosts() throws IOException {
        if (TestHosts.unavailableReason().isPresent()) {
            return;
        }
        hosts = TestHosts.boot(2);
        hosts.start();
        directory = Files.createTempDirectory("hivemind-ssh-service");
        cli = new CliHarness(Files.createDirectory(directory.resolve("home")),
                Files.createDirectory(directory.resolve("work")));
    }

    @AfterContainer
    static void stopHosts() throws IOException {
        if (cli != null) {
            cli.close();
        }
        if (hosts != null) {
            hosts.close();
        }
        if (directory != null) {
            try (var paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    // Feature: autodeploy-agent, Property 24: a running service after deploy
    @Property(tries = 3)
    void aSuccessfulDeployLeavesTheServiceRunningOnEveryHost(@ForAll("strategies") String strategy,
            @ForAll @IntRange(min = 1, max = 2) int replicas,
            @ForAll @LowerChars @NumericChars @StringLength(min = 3, max = 8) String version) {
        if (hosts == null) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("deploy", CliHarness.example("node-express").toString(),
                "--app", "svc", "--target", "ssh", "--ssh-key", hosts.clientKey().toString(), "--strategy", strategy,
                "--replicas", String.valueOf(replicas), "--env", "APP_VERSION=" + version));
        hosts.hosts().forEach(host -> args.addAll(List.of("--host", "root@" + host.address())));

        CliHarness.Result deploy = cli.run(args.toArray(String[]::new));

        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        for (TestHost host : hosts.hosts()) {
            assertThat(host.exec("systemctl is-active hivemind-agent").output().strip()).isEqualTo("active");
            Http.Answer answer = Http.get("http://" + host.address() + "/");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("Hello from node-express " + version + "\n");
        }
        CliHarness.Result status = cli.run("status", "svc");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        for (TestHost host : hosts.hosts()) {
            assertThat(status.out()).containsPattern("root@" + host.address().replace(".", "\\.") + ":22 +\\S+ +"
                    + replicas + "/" + replicas);
        }
    }

    @Provide
    Arbitrary<String> strategies() {
        return Arbitraries.of("blue-green", "recreate", "rolling");
    }
}
