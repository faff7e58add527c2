package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.testing.GitDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hivemind analyze} through the real CLI: a directory, a git URL served by a real {@code git daemon}, a
 * monorepo (the examples directory, which holds several apps), and {@code deploy --app-dir} into it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    @TempDir
    static Path work;
    @TempDir
    static Path repositories;

    private CliHarness cli;
    private GitDaemon daemon;

    @BeforeAll
    void setUp() throws Exception {
        cli = new CliHarness(home, work);
        GitDaemon.createBareRepository(CliHarness.example("node-express"), repositories, "node-express");
        daemon = GitDaemon.serve(repositories);
    }

    @AfterAll
    void tearDown() {
        cli.close();
        daemon.close();
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
        Path app = work.resolve("configured");
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
    void refusesAnAppDirOutsideTheRepository() {
        CliHarness.Result result = cli.run("analyze", CliHarness.example("").toString(), "--app-dir", "../..");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("is outside the repository");
    }

    @Test
    void refusesAnAppDirThatIsALinkOutOfTheRepository() throws Exception {
        Path repository = Files.createDirectories(work.resolve("linked-repo"));
        Path outside = CliHarness.copyOfExample("node-plain", work.resolve("outside-app"));
        Files.createSymbolicLink(repository.resolve("app"), outside);

        CliHarness.Result result = cli.run("analyze", repository.toString(), "--app-dir", "app");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("app directory 'app' is a symbolic link (or under one) to "
                + outside.toRealPath() + ", outside the repository " + repository);
        assertThat(result.out()).doesNotContain("nodejs");
    }

    private static long deploymentCount() throws Exception {
        Path deployments = home.resolve("deployments");
        if (!Files.isDirectory(deployments)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(deployments)) {
            return entries.count();
        }
    }
}
