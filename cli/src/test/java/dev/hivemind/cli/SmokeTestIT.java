package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The validate stage of a real deployment of node-plain: the smoke tests and load targets of its hivemind.yaml pass,
 * then a release whose smoke test fails stops the deployment (exit 1, expected and got), rollback brings back the
 * release that passed, and destroy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmokeTestIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ExampleApp shop = new ExampleApp("node-plain", "shop-smoke");

    private final Path app = shop.app();
    private final CliHarness cli = shop.cli();
    private final int port = shop.port();

    @Test
    @Order(1)
    void passingSmokeTestsAndTheLoadSampleAreInTheState() throws IOException {
        writeConfig("Hello from node-plain v1");

        CliHarness.Result result = cli.run("deploy", app.toString(), "--port", String.valueOf(port),
                "--env", "APP_VERSION=v1", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode validation = JSON.readTree(result.out()).get("validation");
        assertThat(names(validation)).containsExactly("health", "smoke /", "smoke /health", "load p50", "load p95",
                "load p99", "load error rate");
        validation.forEach(check -> assertThat(check.get("passed").asBoolean()).as(check.toString()).isTrue());
        assertThat(validation.get(1).get("detail").asText()).startsWith("expected status 200 and a body containing "
                + "'Hello from node-plain v1', got 200 with body 'Hello from node-plain v1 ' after ");
        assertThat(validation.get(6).get("detail").asText())
                .isEqualTo("error rate 0 (0 of 40 failed) over 40 requests at 40/s; target 0 (load.error_rate)");
        assertThat(validation.get(5).get("detail").asText()).matches("p99 \\d+ ms over 40 requests at 40/s; "
                + "target 2000 ms \\(load\\.p99_ms\\)");
    }

    @Test
    @Order(2)
    void aFailingSmokeTestFailsTheDeploymentWithWhatWasExpectedAndWhatCameBack() {
        CliHarness.Result result = cli.run("deploy", app.toString(), "--env", "APP_VERSION=v2");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("1 of 2 smoke tests failed: smoke / (http://127.0.0.1:" + port
                + "/) expected status 200 and a body containing 'Hello from node-plain v1', got 200 with body "
                + "'Hello from node-plain v2 ' after ");
        assertThat(result.out() + result.err()).contains("hivemind rollback shop-smoke");
    }

    @Test
    @Order(3)
    void rollbackBringsBackTheReleaseThatPassed() throws IOException {
        CliHarness.Result result = cli.run("rollback", "shop-smoke");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Http.get("http://127.0.0.1:" + port + "/"))
                .isEqualTo(new Http.Answer(200, "Hello from node-plain v1\n"));
    }

    @Test
    @Order(4)
    void destroyStopsTheApp() {
        CliHarness.Result result = cli.run("destroy", "shop-smoke", "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(AppProcesses.under(shop.home())).isEmpty();
    }

    private void writeConfig(String expectedBody) throws IOException {
        Files.writeString(app.resolve("hivemind.yaml"), """
                app: shop-smoke
                smoke:
                  - path: /
                    expect_status: 200
                    expect_body: %s
                  - path: /health
                    expect_body: '"status":"ok"'
                load:
                  requests: 40
                  rate: 40
                  p99_ms: 2000
                  error_rate: 0
                """.formatted(expectedBody));
    }

    private static List<String> names(JsonNode validation) {
        List<String> names = new ArrayList<>();
        validation.forEach(check -> names.add(check.get("name").asText()));
        return names;
    }
}
