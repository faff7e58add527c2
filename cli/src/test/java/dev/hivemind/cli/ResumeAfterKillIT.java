package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CLI killed with SIGKILL in the middle of the build leaves a deployment that {@code resume} completes. */
class ResumeAfterKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void resumeCompletesADeploymentWhoseCliWasKilledDuringTheBuild() throws Exception {
        Path app = TestApps.slowBuilding(work, "slow-build", 6);
        int port = CliHarness.freePort();
        Path state;
        try (CliProcess cli = CliProcess.start(home, work.resolve("cli.log"), "deploy", app.toString(), "--port",
                String.valueOf(port))) {
            state = awaitBuildRunning(cli, Duration.ofSeconds(60));
            Thread.sleep(500);
        }
        String id = state.getParent().getFileName().toString();
        assertThat(JSON.readTree(state.toFile()).get("status").asText()).isEqualTo("building");

        try (CliHarness harness = new CliHarness(home, work)) {
            CliHarness.Result resumed = harness.run("resume", id);

            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(resumed.err()).contains("Resuming " + id).contains("from build");
            assertThat(Http.get("http://127.0.0.1:" + port + "/").body()).isEqualTo("slow build done\n");
            JsonNode finished = JSON.readTree(state.toFile());
            assertThat(finished.get("status").asText()).isEqualTo("complete");
            JsonNode build = finished.get("stages").get(3);
            assertThat(build.get("name").asText()).isEqualTo("build");
            assertThat(build.get("attempts").asInt()).isEqualTo(2);
        }
    }

    private Path awaitBuildRunning(CliProcess cli, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<Path> building = stateFiles().stream().filter(ResumeAfterKillIT::building).findFirst();
            if (building.isPresent()) {
                return building.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the build never started; CLI output:\n" + cli.output());
    }

    private List<Path> stateFiles() throws IOException {
        Path deployments = home.resolve("deployments");
        if (!Files.isDirectory(deployments)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(deployments)) {
            return entries.map(directory -> directory.resolve("state.json")).filter(Files::exists).toList();
        }
    }

    private static boolean building(Path state) {
        try {
            return JSON.readTree(state.toFile()).get("status").asText().equals("building");
        } catch (IOException e) {
            return false;
        }
    }
}
