package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stack's example through the real CLI, with its real toolchain: deploy from its directory (a virtual
 * environment, go build, a Maven build, a copy), answer through the proxy, destroy. Then a Rust app, recognized and
 * refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesDeployIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private static final Path home = cliHome.home();
    private final CliHarness cli = cliHome.cli();

    /**
     * What one example must give.
     *
     * @param built a file the build must leave in the artifact
     * @param page  a second path the app serves, and its expected body
     */
    record Example(String name, String language, String framework, String runtimeVersion, String buildTool,
                   String buildCommand, String healthPath, String healthBody, String built, String page,
                   String pageBody) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Example> examples() throws Exception {
        Path site = CliHarness.example("static-site");
        return Stream.of(
                new Example("python-stdlib", "python", "none", "3.11", "pip", "python3 -m venv .venv", "/health",
                        "{\"status\": \"ok\"}", ".venv/bin/python3", "/health", "{\"status\": \"ok\"}"),
                new Example("go-nethttp", "go", "net/http", "1.19", "go", "go build -trimpath -o app . && mkdir -p "
                        + "bin && ln -sfn ../app 'bin/go-nethttp'", "/healthz", "ok\n", "app", "/healthz", "ok\n"),
                // a Heroku Go app: its Procfile names the program as go install names it, found on the PATH
                new Example("go-procfile", "go", "net/http", "1.19", "go", "go build -trimpath -o app . && mkdir -p "
                        + "bin && ln -sfn ../app 'bin/go-getting-started'", "/healthz", "ok\n",
                        "bin/go-getting-started", "/healthz", "ok\n"),
                new Example("java-maven", "java", "none", "17", "maven", "mvn -B -ntp package -DskipTests",
                        "/health", "{\"status\": \"ok\"}", "app.jar", "/health", "{\"status\": \"ok\"}"),
                new Example("static-site", "static", "none", "none", "copy", "copy the repository root", "/",
                        Files.readString(site.resolve("index.html")), "index.html", "/css/site.css",
                        Files.readString(site.resolve("css/site.css"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void deploysTheExampleAnswersThroughTheProxyAndIsDestroyed(Example example) throws Exception {
        int port = CliHarness.freePort();
        String url = "http://127.0.0.1:" + port;

        CliHarness.Result result = cli.run("deploy", CliHarness.example(example.name()).toString(),
                "--port", String.valueOf(port), "--env", "APP_VERSION=v7", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("status").asText()).isEqualTo("complete");
        assertThat(state.get("url").asText()).isEqualTo(url);
        JsonNode stack = state.get("tech_stack");
        assertThat(stack.get("language").asText()).isEqualTo(example.language());
        assertThat(stack.get("framework").asText()).isEqualTo(example.framework());
        assertThat(stack.get("runtime_version").asText()).isEqualTo(example.runtimeVersion());
        assertThat(stack.get("build_tool").asText()).isEqualTo(example.buildTool());
        assertThat(state.get("build_artifact").get("build_command").asText()).isEqualTo(example.buildCommand());
        assertThat(state.get("deployment_config").get("health_check_path").asText()).isEqualTo(example.healthPath());
        Path artifact = Path.of(state.get("build_artifact").get("path").asText());
        assertThat(artifact).startsWith(home);
        assertThat(artifact.resolve(example.built())).as("built into the artifact").exists();
        String front = example.language().equals("static")
                ? Files.readString(CliHarness.example(example.name()).resolve("index.html"))
                : "Hello from " + example.name() + " v7\n";
        assertThat(Http.get(url + "/")).isEqualTo(new Http.Answer(200, front));
        assertThat(Http.get(url + example.page())).isEqualTo(new Http.Answer(200, example.pageBody()));
        assertThat(Http.get(url + example.healthPath()).status()).isEqualTo(200);

        CliHarness.Result destroyed = cli.run("destroy", example.name(), "--auto-approve");

        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
        assertThat(DeployIT.portOpen(port)).as("port " + port + " closed").isFalse();
        assertThat(AppProcesses.under(home)).as("processes working in the home").isEmpty();
    }

    @Test
    void aStaticSiteAnswers404ForAMissingPage() throws Exception {
        int port = CliHarness.freePort();
        CliHarness.Result result = cli.run("deploy", CliHarness.example("static-site").toString(), "--app", "site404",
                "--port", String.valueOf(port));
        assertThat(result.exitCode()).as(result.toString()).isZero();

        assertThat(Http.get("http://127.0.0.1:" + port + "/no-such-page.html").status()).isEqualTo(404);
        assertThat(cli.run("destroy", "site404", "--auto-approve").exitCode()).isZero();
    }

    @Test
    void aRustAppIsRecognizedAndRefusedWithExitTwo() throws Exception {
        Path rust = Files.createDirectories(cliHome.work().resolve("rust-app"));
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
