package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.testing.ServedRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code hivemind analyze} through the real CLI: a directory, a git URL served by a real {@code git daemon}, a
 * monorepo (the examples directory, which holds several apps), and {@code deploy --app-dir} into it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServedRepositories daemon = new ServedRepositories();
    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private final CliHarness cli = cliHome.cli();

    @BeforeAll
    void serveTheExample() throws Exception {
        daemon.add(CliHarness.example("node-express"), "node-express");
    }

    @Test
    void describesADirectoryWithTheEvidenceOfEveryAnswer() throws Exception {
        long deployments = deploymentCount();
        CliHarness.Result result = cli.run("analyze", CliHarness.example("node-express").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("language         nodejs", "framework        express",
                "health path      /health", "build_tool npm from package-lock.json",
                "health_check_path /health from server.js line");
        assertThat(deploymentCount()).isEqualTo(deployments);
    }

    @Test
    void describesAGitRepositoryAsJsonAndLeavesNoCloneBehind() throws Exception {
        CliHarness.Result result = cli.run("analyze", daemon.url("node-express"), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode document = JSON.readTree(result.out());
        assertThat(document.get("monorepo").asBoolean()).isFalse();
        JsonNode stack = document.get("tech_stack");
        assertThat(stack.get("language").asText()).isEqualTo("nodejs");
        assertThat(stack.get("framework").asText()).isEqualTo("express");
        assertThat(stack.get("evidence").size()).isGreaterThan(5);
        assertThat(document.get("required_tools").get(0).get("command").asText()).isEqualTo("node");
        assertThat(result.err()).contains("Cloning " + daemon.url("node-express"));
        try (Stream<Path> leftovers = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(leftovers.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("hivemind-analyze-"))).isEmpty();
        }
    }

    @Test
    void listsTheAppsOfAMonorepo() throws Exception {
        CliHarness.Result result = cli.run("analyze", CliHarness.example("").toString(), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode document = JSON.readTree(result.out());
        assertThat(document.get("monorepo").asBoolean()).isTrue();
        assertThat(document.get("candidates").findValuesAsText("directory"))
                .contains("node-express", "node-plain", "python-stdlib");
        assertThat(document.get("apps").findValuesAsText("path"))
                .contains("node-express", "node-plain", "python-stdlib");
    }

    @Test
    void describesAStackItDoesNotDeployInFullAndExitsZeroWhileDeployRefusesItBeforeAnySideEffect() throws Exception {
        Path rails = cliHome.work().resolve("rails-app");
        Files.createDirectories(rails.resolve("config"));
        Files.writeString(rails.resolve("Gemfile"), "source 'https://rubygems.org'\nruby '3.3.0'\ngem 'rails'\n"
                + "gem 'pg'\n");
        Files.writeString(rails.resolve("config/routes.rb"), "Rails.application.routes.draw do\n"
                + "  get \"up\" => \"rails/health#show\"\nend\n");
        Files.writeString(rails.resolve("config/puma.rb"), "port ENV.fetch(\"PORT\", 3000)\n");
        long deployments = deploymentCount();

        CliHarness.Result analyzed = cli.run("analyze", rails.toString(), "--output", "json");
        CliHarness.Result deployed = cli.run("deploy", rails.toString());

        assertThat(analyzed.exitCode()).as(analyzed.toString()).isZero();
        JsonNode document = JSON.readTree(analyzed.out());
        JsonNode stack = document.get("tech_stack");
        assertThat(stack.get("language").asText()).isEqualTo("ruby");
        assertThat(stack.get("framework").asText()).isEqualTo("rails");
        assertThat(stack.get("runtime_version").asText()).isEqualTo("3.3.0");
        assertThat(stack.get("database_type").asText()).isEqualTo("postgresql");
        assertThat(stack.get("port").asInt()).isEqualTo(3000);
        assertThat(stack.get("port_declared").asBoolean()).isTrue();
        assertThat(stack.get("health_check_path").asText()).isEqualTo("/up");
        assertThat(stack.get("deployable").asBoolean()).isFalse();
        assertThat(stack.get("evidence").toString()).contains("port 3000 from config/puma.rb line 1");
        assertThat(document.get("not_deployable").get("reason").asText())
                .contains("HiveMind does not deploy Ruby apps");
        assertThat(deployed.exitCode()).as(deployed.toString()).isEqualTo(2);
        assertThat(deployed.err()).contains("HiveMind does not deploy Ruby apps");
        assertThat(deploymentCount()).isEqualTo(deployments);
    }

    @Test
    void listsTheAppsOfAMonorepoWithTheirPorts() throws Exception {
        CliHarness.Result result = cli.run("analyze", CliHarness.example("").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("node-express +nodejs +express +3000");
    }

    @Test
    void deployOfAMonorepoRootFailsWithTheListAndDeploysTheAppChosenWithAppDir() throws Exception {
        String examples = CliHarness.example("").toString();
        long deployments = deploymentCount();

        CliHarness.Result refused = cli.run("deploy", examples, "--app", "mono");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("is not an app itself but holds", "node-plain (nodejs, none)",
                "--app-dir");
        assertThat(deploymentCount()).isEqualTo(deployments);

        int port = CliHarness.freePort();
        CliHarness.Result deployed = cli.run("deploy", examples, "--app", "mono", "--app-dir", "node-plain",
                "--port", String.valueOf(port), "--output", "json");
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        assertThat(Http.get("http://127.0.0.1:" + port + "/").body()).isEqualTo("Hello from node-plain v1\n");
        assertThat(cli.run("destroy", "mono", "--auto-approve").exitCode()).isZero();
    }

    @Test
    void deployHonoursTheAppsHivemindYaml() throws Exception {
        Path app = cliHome.work().resolve("configured");
        Files.createDirectories(app);
        for (String file : new String[] {"package.json", "server.js"}) {
            Files.copy(CliHarness.example("node-plain").resolve(file), app.resolve(file));
        }
        Files.writeString(app.resolve("hivemind.yaml"), """
                app: yaml-named
                build: echo built > built.txt
                start: APP_VERSION=v9 node server.js
                health:
                  path: /health
                """);
        int port = CliHarness.freePort();

        CliHarness.Result result = cli.run("deploy", app.toString(), "--port", String.valueOf(port), "--output",
                "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("app").asText()).isEqualTo("yaml-named");
        assertThat(state.get("tech_stack").get("start_command").asText()).isEqualTo("APP_VERSION=v9 node server.js");
        assertThat(state.get("build_artifact").get("build_command").asText()).contains("echo built > built.txt");
        assertThat(Path.of(state.get("build_artifact").get("path").asText()).resolve("built.txt")).exists();
        assertThat(Http.get("http://127.0.0.1:" + port + "/").body()).isEqualTo("Hello from node-plain v9\n");
        assertThat(cli.run("destroy", "yaml-named", "--auto-approve").exitCode()).isZero();
    }

    @Test
    void startInHivemindYamlWorksWhereDetectionFindsNoStartCommand() throws Exception {
        Path app = cliHome.work().resolve("start-only-in-yaml");
        Files.createDirectories(app.resolve("web"));
        Files.writeString(app.resolve("package.json"), "{\"name\": \"start-only-in-yaml\", \"version\": \"1.0.0\"}\n");
        Files.copy(CliHarness.example("node-plain").resolve("server.js"), app.resolve("web/serve.js"));
        Files.writeString(app.resolve("hivemind.yaml"), "app: start-only-in-yaml\nstart: node web/serve.js\n");

        CliHarness.Result analyzed = cli.run("analyze", app.toString());
        CliHarness.Result initialized = cli.run("init", app.toString(), "--yes", "--force");
        int port = CliHarness.freePort();
        CliHarness.Result deployed = cli.run("deploy", app.toString(), "--port", String.valueOf(port));

        assertThat(analyzed.exitCode()).as(analyzed.toString()).isZero();
        assertThat(analyzed.out()).contains("node web/serve.js");
        assertThat(initialized.exitCode()).as(initialized.toString()).isZero();
        assertThat(Files.readString(app.resolve("hivemind.yaml"))).contains("start: \"node web/serve.js\"\n");
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        assertThat(Http.get("http://127.0.0.1:" + port + "/").body()).startsWith("Hello from node-plain");
        assertThat(cli.run("destroy", "start-only-in-yaml", "--auto-approve").exitCode()).isZero();
    }

    @Test
    void refusesAnAppDirOutsideTheRepository() {
        CliHarness.Result result = cli.run("analyze", CliHarness.example("").toString(), "--app-dir", "../..");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("is outside the repository");
    }

    @Test
    void refusesAnAppDirThatIsALinkOutOfTheRepository() throws Exception {
        Path repository = Files.createDirectories(cliHome.work().resolve("linked-repo"));
        Path outside = CliHarness.copyOfExample("node-plain", cliHome.work().resolve("outside-app"));
        Files.createSymbolicLink(repository.resolve("app"), outside);

        CliHarness.Result result = cli.run("analyze", repository.toString(), "--app-dir", "app");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("app directory 'app' is a symbolic link (or under one) to "
                + outside.toRealPath() + ", outside the repository " + repository);
        assertThat(result.out()).doesNotContain("nodejs");
    }

    private static long deploymentCount() throws Exception {
        Path deployments = cliHome.home().resolve("deployments");
        if (!Files.isDirectory(deployments)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(deployments)) {
            return entries.count();
        }
    }
}
