package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.UserAccess;
import dev.hivemind.runtime.supervisor.AppUser;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The life of one app, for real: deploy node-plain from its directory, redeploy under load with zero failed
 * requests, roll back, destroy. Ordered: each step builds on the one before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private static final Path home = cliHome.home();
    private static final Path work = cliHome.work();
    private final CliHarness cli = cliHome.cli();
    private final int port = CliHarness.freePort();
    private final String url = "http://127.0.0.1:" + port;
    private String firstDeployment;
    private long firstPid;

    @Test
    @Order(1)
    void deploysFromADirectoryAndAnswersThroughTheProxy() throws IOException {
        CliHarness.Result result = cli.run("deploy", CliHarness.example("node-plain").toString(),
                "--port", String.valueOf(port), "--env", "APP_VERSION=v1", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("status").asText()).isEqualTo("complete");
        assertThat(state.get("url").asText()).isEqualTo(url);
        assertThat(state.get("schema_version").asInt()).isEqualTo(1);
        assertThat(state.get("tech_stack").get("language").asText()).isEqualTo("nodejs");
        assertThat(state.get("completed_at").isNull()).isFalse();
        state.get("stages").forEach(stage -> assertThat(stage.get("status").asText()).isEqualTo("completed"));
        assertThat(state.get("deployment_config").get("environment_variables").get("APP_VERSION").asText())
                .isEqualTo("[redacted]");
        assertThat(Http.get(url + "/")).isEqualTo(new Http.Answer(200, "Hello from node-plain v1\n"));
        firstDeployment = state.get("deployment_id").asText();
        firstPid = state.get("deployment_config").get("pid").asLong();

        Path deployment = home.resolve("deployments").resolve(firstDeployment);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deployment.resolve("state.json"))))
                .isEqualTo("rw-------");
        assertThat(UserAccess.privateButPassable(deployment)).as("0700, or passable only (as root: the app's user "
                + "passes through to its release)").isTrue();
        assertThat(Files.readString(deployment.resolve("state.json"))).doesNotContain("APP_VERSION=v1")
                .doesNotContain("\"v1\"");
        assertThat(deployment.resolve("logs.txt")).isNotEmptyFile();
        assertThat(Files.readString(deployment.resolve("journal.md"))).contains("Validation Results");
        assertThat(state.get("security_config").get("vulnerability_scan_results").toString())
                .contains("instance-loopback-only");
    }

    @Test
    @Order(2)
    void statusShowsEveryStageTheUrlAndTheNextStep() {
        CliHarness.Result result = cli.run("status", "node-plain");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Deployment " + firstDeployment).contains("complete")
                .contains("[done]    020 build").contains("URL: " + url).contains("Errors: 0")
                .containsSubsequence("URL: " + url, "On this host", "release " + firstDeployment, "replica 1  pid ",
                        "\nNext: hivemind status " + firstDeployment);
        assertThat(result.out().strip().lines().toList().getLast()).as("the next steps come last")
                .startsWith("Next: ");
        boolean root = "root".equals(System.getProperty("user.name"));
        assertThat(result.out()).as("who the app runs as, and its limits").contains(root
                ? "isolation: runs as user " + AppUser.nameOf(new HivemindHome(home), "node-plain")
                + "; each instance limited by cgroup v1 to 512M of memory and 256 tasks"
                : "isolation: not isolated: the agent does not run as root");
    }

    @Test
    @Order(3)
    void redeployUnderLoadFailsNoRequestAndTheNewVersionAnswers() throws Exception {
        CliHarness.Result result;
        LoadLoop load = new LoadLoop(url + "/", 4);
        try (load) {
            Thread.sleep(500);
            result = cli.run("deploy", CliHarness.example("node-plain").toString(),
                    "--port", String.valueOf(port), "--env", "APP_VERSION=v2");
            Thread.sleep(500);
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(load.failures()).as("failed requests during the redeploy").isEmpty();
        assertThat(load.requests()).isGreaterThan(50);
        assertThat(load.bodies()).containsExactly("Hello from node-plain v1\n", "Hello from node-plain v2\n");
        assertThat(Http.get(url + "/").body()).isEqualTo("Hello from node-plain v2\n");
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the old release was drained and stopped").isFalse();
    }

    @Test
    @Order(4)
    void aReleaseThatCrashesOnStartFailsWhileTheOldOneKeepsServing() throws Exception {
        Path broken = Files.createDirectories(work.resolve("node-plain"));
        Files.copy(CliHarness.example("node-plain").resolve("package.json"), broken.resolve("package.json"));
        Files.writeString(broken.resolve("server.js"), "console.error('missing DATABASE_URL'); process.exit(3);\n");
        CliHarness.Result result;
        LoadLoop load = new LoadLoop(url + "/", 2);
        try (load) {
            result = cli.run("deploy", broken.toString(), "--port", String.valueOf(port));
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("[HiveMind Deployer] Error: DeploymentError")
                .containsPattern("never became healthy on / \\(crashed, exit code 3\\): it exited with code 3 while "
                        + "starting; \\d{8}-\\S+ keeps serving")
                .contains("missing DATABASE_URL").contains("Next: hivemind retry ");
        assertThat(load.failures()).isEmpty();
        assertThat(load.bodies()).containsExactly("Hello from node-plain v2\n");
    }

    @Test
    @Order(5)
    void aReleaseThatNeverPassesItsHealthCheckFailsWithTheProbeEvidence() throws Exception {
        Path unhealthy = Files.createDirectories(work.resolve("unhealthy").resolve("node-plain"));
        Files.copy(CliHarness.example("node-plain").resolve("package.json"), unhealthy.resolve("package.json"));
        Files.writeString(unhealthy.resolve("server.js"), """
                require('http').createServer((req, res) => { res.statusCode = 500; res.end('not ready'); })
                  .listen(Number(process.env.PORT), process.env.HOST, () => console.log('listening, never ready'));
                """);
        CliHarness.Result result;
        LoadLoop load = new LoadLoop(url + "/", 2);
        try (load) {
            result = cli.run("deploy", unhealthy.toString(), "--port", String.valueOf(port), "--health-path", "/ready",
                    "--health-interval", "200ms", "--startup-deadline", "5s");
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).containsPattern("never became healthy on /ready \\(unhealthy\\): it answers /ready with "
                        + "HTTP 500 on 127\\.0\\.0\\.1:\\d+; \\d{8}-\\S+ keeps serving")
                .containsPattern("Context: Health-gating release .*Probes: .*HTTP 500 in \\d+ ms")
                .contains("listening, never ready");
        assertThat(load.failures()).isEmpty();
        assertThat(load.bodies()).containsExactly("Hello from node-plain v2\n");
    }

    @Test
    @Order(6)
    void rollbackBringsTheOldVersionBack() {
        CliHarness.Result result = cli.run("rollback", "node-plain");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("to " + firstDeployment).contains("traffic switched in");
        assertThat(Http.get(url + "/").body()).isEqualTo("Hello from node-plain v1\n");
        assertThat(cli.run("history", "node-plain").out()).contains("rolled_back");
    }

    @Test
    @Order(7)
    void theAgentStopsWithItsAppsAndBringsThemBackOnStart() throws Exception {
        CliHarness.Result stopped = cli.run("agent", "stop");
        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        assertThat(portOpen(port)).as("port " + port + " closed while the agent is stopped").isFalse();
        assertThat(cli.run("agent", "status").out()).contains("The host agent is not running");

        CliHarness.Result started = cli.run("agent", "start");

        assertThat(started.exitCode()).as(started.toString()).isZero();
        Http.Answer answer = Http.get(url + "/");
        for (int i = 0; i < 100 && answer.status() != 200; i++) {
            Thread.sleep(100);
            answer = Http.get(url + "/");
        }
        assertThat(answer).isEqualTo(new Http.Answer(200, "Hello from node-plain v1\n"));
        assertThat(cli.run("agent", "status").out()).contains("node-plain  127.0.0.1:" + port);
    }

    @Test
    @Order(8)
    void destroyStopsEveryInstanceAndClosesThePort() {
        assertThat(AppProcesses.under(home)).as("the app runs before destroy").isNotEmpty();
        CliHarness.Result purge = cli.run("destroy", "node-plain", "--purge-host", "--auto-approve");
        assertThat(purge.exitCode()).as(purge.toString()).isEqualTo(2);
        assertThat(purge.err()).contains("runs on the local target, which has no hosts of its own to purge");
        assertThat(portOpen(port)).as("port " + port + " still open after the refused destroy").isTrue();

        CliHarness.Result result = cli.run("destroy", "node-plain", "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(portOpen(port)).as("port " + port + " closed").isFalse();
        assertThat(AppProcesses.under(home)).as("processes working in " + home).isEmpty();
        assertThat(cli.run("status", firstDeployment).out()).contains("destroyed");
        assertThat(cli.run("agent", "stop").exitCode()).isZero();
        CliHarness.Result again = cli.run("destroy", "node-plain", "--auto-approve");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.err()).contains("the host agent runs nothing of node-plain");
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
