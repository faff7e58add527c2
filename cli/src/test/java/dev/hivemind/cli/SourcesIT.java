package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.testing.ServedRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both examples deploy from a directory and from a git URL served by a real {@code git daemon}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourcesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServedRepositories daemon = new ServedRepositories();
    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private final CliHarness cli = cliHome.cli();

    @BeforeAll
    void serveTheExamples() throws Exception {
        daemon.add(CliHarness.example("node-plain"), "node-plain");
        daemon.add(CliHarness.example("node-express"), "node-express");
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({"node-express, directory", "node-express, git", "node-plain, git"})
    void deploysAndAnswers200ThroughTheProxy(String example, String from) throws Exception {
        String source = from.equals("git") ? daemon.url(example) : CliHarness.example(example).toString();
        String app = example + "-" + from;
        int port = CliHarness.freePort();

        CliHarness.Result result = cli.run("deploy", source, "--app", app, "--port", String.valueOf(port),
                "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("repo_url").asText()).isEqualTo(source);
        String url = state.get("url").asText();
        assertThat(url).isEqualTo("http://127.0.0.1:" + port);
        Http.Answer answer = Http.get(url + "/");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("Hello from " + example + " v1\n");
        assertThat(Http.get(url + "/health").status()).isEqualTo(200);
        if (from.equals("git")) {
            assertThat(state.get("git").get("commit").asText()).hasSize(40);
            assertThat(result.err()).contains("Cloning " + source);
        }
        if (example.equals("node-express")) {
            assertThat(state.get("tech_stack").get("framework").asText()).isEqualTo("express");
            assertThat(result.err()).contains("npm ci");
        }
        assertThat(cli.run("destroy", app, "--auto-approve").exitCode()).isZero();
        assertThat(DeployIT.portOpen(port)).isFalse();
    }

    @Test
    void anErrorAboutAGitSourceNamesItsUrlNotTheTemporaryCheckout() throws Exception {
        Path app = cliHome.work().resolve("no-start-source");
        Files.createDirectories(app);
        Files.writeString(app.resolve("package.json"), "{\"name\": \"no-start\", \"version\": \"1.0.0\"}\n");
        daemon.add(app, "no-start");
        String url = daemon.url("no-start");

        CliHarness.Result result = cli.run("deploy", url, "--app", "no-start");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        String error = result.err().substring(result.err().indexOf("[HiveMind"));
        assertThat(error).contains("cannot tell how to start the Node.js app in " + url + ": package.json",
                "Context: Detecting the start command of the Node.js application in " + url)
                .doesNotContain("hivemind-deploy-", "/source");
    }

    @Test
    void aFailedCloneShowsNoStackTrace() throws Exception {
        Path empty = cliHome.work().resolve("empty-repository");
        Files.createDirectories(empty);
        assertThat(new ProcessBuilder("git", "init", "-q", empty.toString()).inheritIO().start().waitFor()).isZero();
        Path log = cliHome.work().resolve("empty-clone.log");

        try (CliProcess deploy = CliProcess.start(cliHome.home(), log, "deploy", "file://" + empty, "--app",
                "empty-repository")) {
            for (int waited = 0; deploy.alive() && waited < 600; waited++) {
                Thread.sleep(100);
            }
            Thread.sleep(1000); // JGit's background gc, had it raced the deletion, logs within this second
            assertThat(deploy.alive()).isFalse();
            assertThat(deploy.output()).contains("the repository is empty (it has no commit)")
                    .doesNotContain("\tat ", "Exception", "ERROR");
        }
    }

    @Test
    void aMysqlAppFromAGitUrlStopsBeforeTheBuildAsFromADirectory() throws Exception {
        Path app = cliHome.work().resolve("shop-mysql-source");
        Files.createDirectories(app);
        Files.writeString(app.resolve("package.json"), "{\"name\": \"shop-mysql\", \"version\": \"1.0.0\", "
                + "\"scripts\": {\"start\": \"node server.js\"}, \"dependencies\": {\"mysql2\": \"^3\"}}\n");
        Files.writeString(app.resolve("server.js"), "const mysql = require('mysql2');\n"
                + "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
        daemon.add(app, "shop-mysql");

        CliHarness.Result result = cli.run("deploy", daemon.url("shop-mysql"), "--app", "shop-mysql-git", "--port",
                String.valueOf(CliHarness.freePort()), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.PREFLIGHT_FAILED);
        assertThat(result.err()).contains("the app uses mysql, which HiveMind does not run itself, and no "
                + "DATABASE_URL is given").contains("--env DATABASE_URL=...")
                .doesNotContain("npm ci", "npm install", "provision");
        assertThat(cliHome.home().resolve("apps/shop-mysql-git/database")).doesNotExist();
    }
}
