package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second deploy of an app while one runs fails at once, naming the deployment and process holding the app. */
class LockIT {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aSecondConcurrentDeployOfTheSameAppFailsAtOnce() throws Exception {
        Path app = TestApps.slowBuilding(work, "locked-app", 5);
        int port = CliHarness.freePort();
        try (CliHarness cli = new CliHarness(home, work)) {
            CompletableFuture<CliHarness.Result> first = CompletableFuture.supplyAsync(
                    () -> cli.run("deploy", app.toString(), "--port", String.valueOf(port)));
            String holder = awaitFirstDeployment(Duration.ofSeconds(60));

            Instant start = Instant.now();
            CliHarness.Result second = cli.run("deploy", app.toString(), "--port", String.valueOf(port));

            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
            assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
            assertThat(second.err()).contains("[HiveMind Conductor] Error: LockError")
                    .contains("app 'locked-app' is locked by deployment " + holder + " (pid "
                            + ProcessHandle.current().pid() + ",")
                    .contains("hivemind status " + holder);
            CliHarness.Result firstResult = first.get();
            assertThat(firstResult.exitCode()).as(firstResult.toString()).isZero();
            try (Stream<Path> deployments = Files.list(home.resolve("deployments"))) {
                assertThat(deployments).as("the refused deploy created nothing").hasSize(1);
            }
        }
    }

    private String awaitFirstDeployment(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Path deployments = home.resolve("deployments");
        while (Instant.now().isBefore(deadline)) {
            if (Files.isDirectory(deployments)) {
                try (Stream<Path> entries = Files.list(deployments)) {
                    var found = entries.filter(directory -> Files.exists(directory.resolve("state.json"))).findFirst();
                    if (found.isPresent()) {
                        return found.get().getFileName().toString();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first deploy never created its deployment");
    }
}
