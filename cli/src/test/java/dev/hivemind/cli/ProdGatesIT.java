package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.testing.ServedRepositories;
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
 * The default gates of prod, for real without a terminal: a prod deploy stops before provision (exit 3), approve
 * takes it to the traffic shift (exit 3 again), approve completes it. A git URL's hivemind.yaml is read from its
 * clone: its prod overlay's gates and env apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProdGatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServedRepositories daemon = new ServedRepositories();
    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private static final Path home = cliHome.home();
    private final CliHarness cli = cliHome.cli();
    private final int port = CliHarness.freePort();
    private String id;

    @BeforeAll
    void serveTheConfiguredExample() throws Exception {
        Path configured = CliHarness.copyOfExample("node-plain", cliHome.work().resolve("configured"));
        Files.writeString(configured.resolve("hivemind.yaml"), """
                app: gated-from-git
                env: {APP_VERSION: dev-build}
                environments:
                  prod: {gates: [deploy], env: {APP_VERSION: prod-build}}
                """);
        daemon.add(configured, "configured");
    }

    @Test
    @Order(1)
    void aProdDeployWithoutATerminalStopsBeforeProvisionByDefault() throws IOException {
        CliHarness.Result result = cli.run("deploy", CliHarness.example("node-plain").toString(), "--environment",
                "prod", "--port", String.valueOf(port), "--env", "APP_VERSION=v1");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        id = ApprovalGateIT.approveId(result);
        assertThat(result.out()).contains("Deployment " + id + " is awaiting approval before 030 provision.");
        assertThat(state(id).get("request").get("gates").toString()).isEqualTo("[\"provision\",\"deploy\"]");
        assertThat(AppProcesses.under(home)).isEmpty();
    }

    @Test
    @Order(2)
    void approveStopsAgainBeforeTheTrafficShift() throws IOException {
        CliHarness.Result result = cli.run("approve", id);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).contains("Deployment " + id + " is awaiting approval before 040 deploy.");
        assertThat(state(id).get("stages").get(4).get("status").asText()).as("provision").isEqualTo("completed");
    }

    @Test
    @Order(3)
    void aSecondApproveCompletesIt() {
        CliHarness.Result result = cli.run("approve", id);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Http.get("http://127.0.0.1:" + port + "/"))
                .isEqualTo(new Http.Answer(200, "Hello from node-plain v1\n"));
        assertThat(cli.run("status", id).out()).as("the local target's cost estimate")
                .contains("  Estimated cost: $0.00 a month (target local)\n");
        assertThat(cli.run("destroy", "node-plain", "--auto-approve").exitCode()).isZero();
    }

    @Test
    @Order(4)
    void aGitSourcesHivemindYamlGivesItsProdGatesEnvAndAppName() throws IOException {
        int gitPort = CliHarness.freePort();
        CliHarness.Result result = cli.run("deploy", daemon.url("configured"), "--environment", "prod", "--port",
                String.valueOf(gitPort));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        String gitId = ApprovalGateIT.approveId(result);
        JsonNode state = state(gitId);
        assertThat(state.get("app").asText()).isEqualTo("gated-from-git");
        assertThat(state.get("request").get("gates").toString()).isEqualTo("[\"deploy\"]");
        assertThat(result.out()).contains("awaiting approval before 040 deploy");

        CliHarness.Result approved = cli.run("approve", gitId);

        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(Http.get("http://127.0.0.1:" + gitPort + "/"))
                .isEqualTo(new Http.Answer(200, "Hello from node-plain prod-build\n"));
        assertThat(cli.run("destroy", "gated-from-git", "--auto-approve").exitCode()).isZero();
    }

    private static JsonNode state(String id) throws IOException {
        return JSON.readTree(home.resolve("deployments").resolve(id).resolve("state.json").toFile());
    }
}
