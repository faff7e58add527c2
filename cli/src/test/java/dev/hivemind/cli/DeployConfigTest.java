package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What deploy refuses from hivemind.yaml before it creates anything (exit 2, nothing under HIVEMIND_HOME). */
class DeployConfigTest {
    @TempDir
    Path work;

    @Test
    void theRolloutOfTheChosenOverlayAndReplicasFlagAreKeptInTheRequest() throws IOException {
        Path app = app("""
                strategy: blue-green
                environments:
                  prod:
                    strategy: canary
                    replicas: 2
                    canary: {steps: [{weight: 10, pause: 1s}, {weight: 50}, {weight: 100}]}
                    drain: {timeout: 3s, grace: 1s}
                """);
        CliHarness cli = new CliHarness(work.resolve("home"), work);

        CliHarness.Result prod = cli.run("deploy", app.toString(), "--environment", "prod", "--replicas", "3",
                "--until", "init", "--output", "json");

        assertThat(prod.exitCode()).as(prod.toString()).isEqualTo(0);
        JsonNode request = new ObjectMapper().readTree(prod.out()).path("request");
        assertThat(request.path("strategy").asText()).isEqualTo("canary");
        JsonNode rollout = request.path("rollout");
        assertThat(rollout.path("replicas").asInt()).isEqualTo(3);
        assertThat(rollout.path("canary_steps").findValuesAsText("weight")).containsExactly("10", "50", "100");
        assertThat(rollout.path("canary_steps").get(1).path("pause").isNull()).isTrue();
        assertThat(rollout.path("drain_timeout").asDouble()).isEqualTo(3.0);
    }

    @Test
    void theStartupProbeComesFromProbesStartupWithTheCommandLineOverIt() throws IOException {
        Path app = app("""
                health: {threshold: 2}
                probes:
                  startup: {path: /started, interval: 3s, threshold: 2, deadline: 20s}
                """);
        CliHarness cli = new CliHarness(work.resolve("home"), work);

        CliHarness.Result result = cli.run("deploy", app.toString(), "--health-interval", "500ms",
                "--startup-deadline", "45s", "--until", "init", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
        JsonNode health = new ObjectMapper().readTree(result.out()).path("request").path("health");
        assertThat(health.path("path").asText()).isEqualTo("/started");
        assertThat(health.path("interval").asDouble()).isEqualTo(0.5);
        assertThat(health.path("timeout").asDouble()).isEqualTo(5.0);
        assertThat(health.path("threshold").asInt()).isEqualTo(2);
        assertThat(health.path("startup_deadline").asDouble()).isEqualTo(45.0);
    }

    @Test
    void healthAndProbesStartupThatDisagreeAreRefusedBeforeAnythingIsCreated() throws IOException {
        Path app = app("""
                health: {path: /healthz, startup_deadline: 30s}
                probes:
                  startup: {path: /started}
                """);

        CliHarness.Result result = new CliHarness(work.resolve("home"), work).run("deploy", app.toString(),
                "--health-path", "/other", "--until", "init");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("health.path (/healthz) and probes.startup.path (/started) set the startup "
                + "probe's path differently; keep one of them");
        assertThat(work.resolve("home/deployments")).doesNotExist();
    }

    @Test
    void badRolloutSettingsAreRefusedBeforeAnythingIsCreated() throws IOException {
        Path app = app("""
                environments:
                  prod: {strategy: rolling, rolling: {batches: [50, 25]}}
                """);
        CliHarness cli = new CliHarness(work.resolve("home"), work);

        CliHarness.Result prod = cli.run("deploy", app.toString(), "--environment", "prod", "--until", "init");
        CliHarness.Result replicas = cli.run("deploy", app.toString(), "--replicas", "0", "--until", "init");
        CliHarness.Result strategy = cli.run("deploy", app.toString(), "--strategy", "gradual", "--until", "init");

        assertThat(prod.exitCode()).as(prod.toString()).isEqualTo(2);
        assertThat(prod.err()).contains("rolling.batches[1]: must be above the step before it (50), not 25 (with the "
                + "prod overlay)", "rolling.batches: must end at 100 (every replica replaced), not 25");
        assertThat(replicas.exitCode()).as(replicas.toString()).isEqualTo(2);
        assertThat(replicas.err()).contains("--replicas 0 is not between 1 and 64");
        assertThat(strategy.exitCode()).as(strategy.toString()).isEqualTo(2);
        assertThat(strategy.err()).contains("unknown strategy 'gradual'",
                "Use --strategy blue-green, recreate, canary or rolling");
        assertThat(work.resolve("home/deployments")).doesNotExist();
    }

    @Test
    void aFileThatBreaksTheSchemaStopsDeployWithEveryProblem() throws IOException {
        Path app = app("""
                port: 0
                environments:
                  staging: {health: {path: ready}}
                """);

        CliHarness.Result result = new CliHarness(work.resolve("home"), work).run("deploy", app.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("has 2 problems", "port: must be at least 1, not 0",
                "environments.staging.health.path: must be a path starting with '/', not 'ready'");
        assertThat(work.resolve("home/deployments")).doesNotExist();
    }

    private Path app(String yaml) throws IOException {
        Path app = Files.createDirectories(work.resolve("shop"));
        for (String name : List.of("package.json", "server.js")) {
            Files.copy(CliHarness.example("node-plain").resolve(name), app.resolve(name));
        }
        Files.writeString(app.resolve("hivemind.yaml"), yaml);
        return app;
    }
}
