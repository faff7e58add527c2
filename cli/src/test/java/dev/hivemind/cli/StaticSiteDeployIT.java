package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static site through the real CLI: deploy examples/static-site from its directory (copied into the artifact,
 * served by the agent's static file server in a process of its own), answer through the proxy, destroy; and a
 * repository HiveMind recognizes but does not deploy, refused with exit 2. Ordered: each step builds on the one
 * before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaticSiteDeployIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "static-site";

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
    void deploysTheStaticSiteExampleAndServesItThroughTheProxy() throws Exception {
        Path site = CliHarness.example(APP);

        CliHarness.Result result = cli.run("deploy", site.toString(), "--port", String.valueOf(port),
                "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("status").asText()).isEqualTo("complete");
        assertThat(state.get("url").asText()).isEqualTo(url);
        JsonNode stack = state.get("tech_stack");
        assertThat(stack.get("language").asText()).isEqualTo("static");
        assertThat(stack.get("framework").asText()).isEqualTo("none");
        assertThat(stack.get("build_tool").asText()).isEqualTo("copy");
        assertThat(state.get("build_artifact").get("build_command").asText()).isEqualTo("copy the repository root");
        assertThat(state.get("deployment_config").get("health_check_path").asText()).isEqualTo("/");
        assertThat(Http.get(url + "/")).isEqualTo(new Http.Answer(200, Files.readString(site.resolve("index.html"))));
        assertThat(Http.get(url + "/css/site.css"))
                .isEqualTo(new Http.Answer(200, Files.readString(site.resolve("css/site.css"))));
        assertThat(Http.get(url + "/no-such-page.html").status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void destroyStopsTheSiteAndClosesThePort() {
        CliHarness.Result result = cli.run("destroy", APP, "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(DeployIT.portOpen(port)).as("port " + port + " closed").isFalse();
        assertThat(AppProcesses.under(home)).as("processes working in " + home).isEmpty();
    }

    @Test
    @Order(3)
    void aRustAppIsRecognizedAndRefusedWithExitTwo() throws Exception {
        Path rust = Files.createDirectories(work.resolve("rust-app"));
        Files.writeString(rust.resolve("Cargo.toml"), "[package]\nname = \"web\"\n\n[dependencies]\naxum = \"0.7\"\n");

        CliHarness.Result result = cli.run("deploy", rust.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("[HiveMind Compiler] Error: InvalidInputError")
                .contains("found a Rust app in " + rust + " (Cargo.toml; framework axum from Cargo.toml line 5): "
                        + "HiveMind does not deploy Rust apps; it deploys Node.js, Python, Go and Java apps and "
                        + "static sites")
                .contains("Remediation: Build it with cargo build --release");
    }
}
