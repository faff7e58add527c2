package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Go app through the real CLI: deploy examples/go-nethttp from its directory (go build makes one binary, the
 * agent starts it with PORT), answer through the proxy, destroy. Ordered: each step builds on the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoDeployIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "go-nethttp";

    @TempDir
    static Path home;
    @TempDir
    static Path work;

    private static CliHarness cli;
    private static int port;
    private static String url;

    @BeforeAll
    static void setUp() {
        cli = new CliHarness(home, work);
        port = CliHarness.freePort();
        url = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void tearDown() {
        cli.close();
    }

    @Test
    @Order(1)
    void deploysTheGoExampleAndAnswersThroughTheProxy() throws Exception {
        CliHarness.Result result = cli.run("deploy", CliHarness.example(APP).toString(),
                "--port", String.valueOf(port), "--env", "APP_VERSION=v7", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("status").asText()).isEqualTo("complete");
        assertThat(state.get("url").asText()).isEqualTo(url);
        JsonNode stack = state.get("tech_stack");
        assertThat(stack.get("language").asText()).isEqualTo("go");
        assertThat(stack.get("framework").asText()).isEqualTo("net/http");
        assertThat(stack.get("runtime_version").asText()).isEqualTo("1.19");
        assertThat(stack.get("build_tool").asText()).isEqualTo("go");
        assertThat(state.get("build_artifact").get("build_command").asText()).isEqualTo("go build -trimpath -o app .");
        assertThat(state.get("deployment_config").get("health_check_path").asText()).isEqualTo("/healthz");
        Path artifact = Path.of(state.get("build_artifact").get("path").asText());
        assertThat(artifact.resolve("app")).as("the binary in the artifact").isExecutable();
        assertThat(artifact).startsWith(home);
        assertThat(Http.get(url + "/")).isEqualTo(new Http.Answer(200, "Hello from go-nethttp v7\n"));
        assertThat(Http.get(url + "/healthz")).isEqualTo(new Http.Answer(200, "ok\n"));
    }

    @Test
    @Order(2)
    void destroyStopsTheAppAndClosesThePort() {
        CliHarness.Result result = cli.run("destroy", APP, "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(DeployIT.portOpen(port)).as("port " + port + " closed").isFalse();
        assertThat(AppProcesses.under(home)).as("processes working in " + home).isEmpty();
    }
}
