package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init}, then a staging deployment of node-plain whose {@code APP_VERSION} comes from hivemind.yaml's staging
 * overlay (a {@code ${VAR}} of the process environment) and whose token comes from a secret file, then destroy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnvironmentsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "tok-5f3a9c";

    @TempDir
    static Path home;
    @TempDir
    static Path work;

    private Path app;
    private final int port = CliHarness.freePort();

    @BeforeAll
    void copyTheExample() throws IOException {
        app = CliHarness.copyOfExample("node-plain", work.resolve("shop-env"));
    }

    @AfterAll
    void stopTheAgent() {
        run(Map.of(), "agent", "stop");
    }

    @Test
    @Order(1)
    void initWritesTheFileThenTheStagingOverlayIsAdded() throws IOException {
        CliHarness.Result init = run(Map.of(), "init", app.toString(), "--yes");

        assertThat(init.exitCode()).as(init.toString()).isZero();
        Path file = app.resolve("hivemind.yaml");
        String written = Files.readString(file);
        assertThat(written).contains("app: shop-env\n", "  staging: {}\n");
        Files.writeString(file, written.replace("  staging: {}\n", """
                  staging:
                    env:
                      APP_VERSION: ${RELEASE_NAME}-staging
                      API_TOKEN: {file: secrets/token}
                """));
        Files.createDirectories(app.resolve("secrets"));
        Files.writeString(app.resolve("secrets/token"), SECRET + "\n");
    }

    @Test
    @Order(2)
    void aMissingVariableOrAnUnknownEnvironmentIsRefusedBeforeAnythingIsCreated() {
        CliHarness.Result missing = run(Map.of(), "deploy", app.toString(), "--environment", "staging",
                "--port", String.valueOf(port));
        CliHarness.Result unknown = run(Map.of("RELEASE_NAME", "v7"), "deploy", app.toString(),
                "--environment", "qa", "--port", String.valueOf(port));

        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("env.APP_VERSION: the process environment has no RELEASE_NAME "
                + "(referenced as ${RELEASE_NAME})");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown environment 'qa'").contains("dev, test, staging, prod");
        assertThat(home.resolve("deployments")).doesNotExist();
    }

    @Test
    @Order(3)
    void aStagingDeploymentGetsTheOverlaysValuesAndKeepsTheSecretOutOfStateAndLogs() throws IOException {
        CliHarness.Result result = run(Map.of("RELEASE_NAME", "v7"), "deploy", app.toString(),
                "--environment", "staging", "--port", String.valueOf(port), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("request").get("environment").asText()).isEqualTo("staging");
        assertThat(state.get("app").asText()).isEqualTo("shop-env");
        assertThat(Http.get("http://127.0.0.1:" + port + "/"))
                .isEqualTo(new Http.Answer(200, "Hello from node-plain v7-staging\n"));
        Path deployment = home.resolve("deployments").resolve(state.get("deployment_id").asText());
        assertThat(Files.readString(deployment.resolve("journal.md"))).contains("Environment staging, strategy ");
        assertThat(Files.readString(deployment.resolve("env"))).contains(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deployment.resolve("env"))))
                .isEqualTo("rw-------");
        for (String kept : new String[] {"state.json", "logs.txt", "journal.md"}) {
            assertThat(Files.readString(deployment.resolve(kept))).as(kept).doesNotContain(SECRET);
        }
        assertThat(result.out() + result.err()).doesNotContain(SECRET);
    }

    @Test
    @Order(4)
    void anEnvValueOnTheCommandLineWinsOverTheFile() throws IOException {
        CliHarness.Result result = run(Map.of("RELEASE_NAME", "v7"), "deploy", app.toString(),
                "--environment", "staging", "--env", "APP_VERSION=v8", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Http.get("http://127.0.0.1:" + port + "/"))
                .isEqualTo(new Http.Answer(200, "Hello from node-plain v8\n"));
    }

    @Test
    @Order(5)
    void destroyStopsTheApp() {
        CliHarness.Result result = run(Map.of(), "destroy", "shop-env", "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(AppProcesses.under(home)).isEmpty();
    }

    /** The CLI in-process with extra variables in its environment (CliHarness passes the test's own). */
    private CliHarness.Result run(Map<String, String> extra, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove("RELEASE_NAME");
        environment.remove("NO_COLOR");
        environment.putAll(extra);
        environment.put("HIVEMIND_HOME", home.toString());
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = Main.run(new Invocation(o, e, environment, work, false), args);
            return new CliHarness.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
