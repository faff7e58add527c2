package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hivemind.yaml hooks for real with node-plain: they write files in the app's directory in the order they run, a
 * failing post-deploy hook fails the deployment with its exit code and output, resume runs it again but not the
 * completed pre-build hook, {@code steps ID} lists them, and destroy runs pre-destroy before it stops the app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ExampleApp shop = new ExampleApp("node-plain", "hooked");

    private final Path app = shop.app();
    private final CliHarness cli = shop.cli();
    private final int port = shop.port();
    private String id;

    @BeforeAll
    void writeTheConfig() throws IOException {
        Files.writeString(app.resolve("hivemind.yaml"), """
                hooks:
                  pre-build: [echo hello from pre-build, echo "pre-build $HIVEMIND_ENVIRONMENT" >> hooks.log]
                  post-build: {run: ['test -f "$HIVEMIND_ARTIFACT/server.js"', echo post-build >> hooks.log], timeout: 30s}
                  pre-deploy: echo pre-deploy >> hooks.log
                  post-deploy: |
                    echo "post-deploy $HIVEMIND_URL" >> hooks.log
                    test -f notify.ok || { echo "notify: nobody listens"; exit 3; }
                  pre-destroy: echo "pre-destroy $HIVEMIND_APP" >> hooks.log
                """);
    }

    @Test
    @Order(1)
    void aFailingPostDeployHookFailsTheDeploymentWithItsExitCodeAndLastOutput() throws IOException {
        CliHarness.Result result = cli.run("deploy", app.toString(), "--port", String.valueOf(port), "--output",
                "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode state = JSON.readTree(result.out());
        id = state.get("deployment_id").asText();
        assertThat(state.get("status").asText()).isEqualTo("failed");
        assertThat(result.err()).contains("hook post-deploy failed: `echo \"post-deploy $HIVEMIND_URL\" >> hooks.log\n"
                        + "test -f notify.ok || { echo \"notify: nobody listens\"; exit 3; }\n` exited with code 3; "
                        + "its last output:")
                .contains("    notify: nobody listens")
                .contains("Fix what hooks.post-deploy runs (by /bin/sh in " + app.toRealPath());
        assertThat(Files.readAllLines(app.resolve("hooks.log"))).containsExactly("pre-build dev", "post-build",
                "pre-deploy", "post-deploy http://127.0.0.1:" + port, "post-deploy http://127.0.0.1:" + port);
        assertThat(Files.readString(shop.home().resolve("deployments").resolve(id).resolve("logs.txt")))
                .contains("│ hello from pre-build", "hook post-deploy attempt 1 of 2 failed");
    }

    @Test
    @Order(2)
    void resumeRunsTheFailedHookAgainButNotTheCompletedOnes() throws IOException {
        Files.writeString(app.resolve("notify.ok"), "");

        CliHarness.Result result = cli.run("resume", id);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("from harden").doesNotContain("[running] 040 deploy");
        assertThat(Files.readAllLines(app.resolve("hooks.log"))).as("pre-build, post-build and pre-deploy ran once")
                .containsExactly("pre-build dev", "post-build", "pre-deploy", "post-deploy http://127.0.0.1:" + port,
                        "post-deploy http://127.0.0.1:" + port, "post-deploy http://127.0.0.1:" + port);
        assertThat(Http.get("http://127.0.0.1:" + port + "/").status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void stepsListsTheDeploymentsHooksAroundItsStages() {
        CliHarness.Result result = cli.run("steps", id);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("pre-build   hook  \\d+\\.\\d s\n.*020 build ")
                .containsPattern("040 deploy .*\n.*post-deploy hook  \\d+\\.\\d s, 3 attempts\n.*050 harden")
                .contains("pre-destroy hook: runs when `hivemind destroy hooked` starts");
    }

    @Test
    @Order(4)
    void destroyRunsPreDestroyBeforeItStopsTheApp() throws IOException {
        CliHarness.Result result = cli.run("destroy", "hooked", "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("Running the pre-destroy hook of " + id);
        assertThat(Files.readAllLines(app.resolve("hooks.log"))).last().isEqualTo("pre-destroy hooked");
        assertThat(JSON.readTree(shop.home().resolve("deployments").resolve(id).resolve("state.json").toFile())
                .get("hooks").get(4).get("status").asText()).isEqualTo("completed");
    }
}
