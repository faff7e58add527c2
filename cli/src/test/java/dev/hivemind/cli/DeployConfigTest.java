package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aStrategyTheLocalTargetDoesNotRunInTheChosenOverlayIsRefusedBeforeAnythingIsCreated() throws IOException {
        Path app = app("""
                strategy: blue-green
                environments:
                  prod: {strategy: canary, steps: [10, 100]}
                """);
        CliHarness cli = new CliHarness(work.resolve("home"), work);

        CliHarness.Result prod = cli.run("deploy", app.toString(), "--environment", "prod", "--until", "init");

        assertThat(prod.exitCode()).as(prod.toString()).isEqualTo(2);
        assertThat(prod.err()).contains("hivemind.yaml asks for the canary strategy, which the local target does not "
                + "run yet").contains("Set strategy to blue-green or recreate");
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
