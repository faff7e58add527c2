package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Approval gates without a terminal, for real with node-plain: a deploy stops at its gate with exit 3 and the
 * commands, keeps the app from other deploys while it waits, is approved to a serving release; a second one
 * gated at every stage is approved past one gate, stops at the next, is rejected and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalGateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern APPROVE = Pattern.compile("Approve: hivemind approve (\\S+)");

    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private static final Path home = cliHome.home();
    private final CliHarness cli = cliHome.cli();
    private final int port = CliHarness.freePort();
    private final String url = "http://127.0.0.1:" + port;
    private String first;
    private String second;

    @Test
    @Order(1)
    void aGatedDeployStopsBeforeTheTrafficShiftWithExit3AndTheCommands() throws IOException {
        CliHarness.Result result = deploy("v1", "--gate", "deploy", "--gate-timeout", "30m");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        first = approveId(result);
        assertThat(result.out())
                .contains("Deployment " + first + " is awaiting approval before 040 deploy. It will:\n"
                        + "  - start release " + first + " of node-plain with `npm start` from ")
                .contains("  - move all traffic of " + url + " to " + first
                        + " (blue-green), then drain and stop the release serving it now\n")
                .contains("Rejected by itself at ")
                .contains("Approve: hivemind approve " + first + "\n")
                .contains("Reject:  hivemind reject " + first + " --reason TEXT\n");
        JsonNode state = JSON.readTree(home.resolve("deployments").resolve(first).resolve("state.json").toFile());
        assertThat(state.get("status").asText()).isEqualTo("awaiting_approval");
        assertThat(state.get("pending_gate").get("stage").asText()).isEqualTo("deploy");
        assertThat(state.get("request").get("gates").toString()).isEqualTo("[\"deploy\"]");
        assertThat(Files.readString(home.resolve("deployments").resolve(first).resolve("logs.txt")))
                .contains("awaiting approval before 040 deploy (rejected by itself after 30m)");
        assertThat(AppProcesses.under(home)).as("no release started before the approval").isEmpty();
    }

    @Test
    @Order(2)
    void statusShowsTheGateItsPlanAndTheCommands() {
        CliHarness.Result result = cli.run("status", first);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Deployment " + first + "  awaiting_approval")
                .contains("Awaiting approval before 040 deploy since ")
                .contains("    - move all traffic of " + url + " to " + first)
                .contains("Next: hivemind approve " + first + "\nNext: hivemind reject " + first);
    }

    @Test
    @Order(3)
    void anotherDeployOfTheAppIsRefusedWhileOneWaits() {
        CliHarness.Result result = deploy("v9");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("app 'node-plain' has deployment " + first
                        + " awaiting approval before deploy")
                .contains("Approve it with `hivemind approve " + first + "` or reject it with `hivemind reject "
                        + first + " --reason TEXT`, then deploy again");
    }

    @Test
    @Order(4)
    void approveContinuesItToAServingRelease() {
        CliHarness.Result result = cli.run("approve", first);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Deployed node-plain (" + first + ")").contains("URL: " + url);
        assertThat(Http.get(url + "/")).isEqualTo(new Http.Answer(200, "Hello from node-plain v1\n"));
        assertThat(cli.run("status", first).out()).contains("  complete").doesNotContain("Awaiting approval");
    }

    @Test
    @Order(5)
    void approvingADeploymentThatDoesNotWaitExits2() {
        CliHarness.Result result = cli.run("approve", first);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("deployment " + first
                + " is not awaiting approval (status complete); there is nothing to approve");
    }

    @Test
    @Order(6)
    void approveEachStopsAtEveryGateAndApproveStopsAgainAtTheNext() throws IOException {
        CliHarness.Result started = deploy("v2", "--approve-each");
        assertThat(started.exitCode()).as(started.toString()).isEqualTo(3);
        second = approveId(started);
        assertThat(started.out()).contains("awaiting approval before 001 preflight");

        CliHarness.Result approved = cli.run("approve", second, "--output", "json");

        assertThat(approved.exitCode()).as(approved.toString()).isEqualTo(3);
        JsonNode state = JSON.readTree(approved.out());
        assertThat(state.get("status").asText()).isEqualTo("awaiting_approval");
        assertThat(state.get("pending_gate").get("stage").asText()).isEqualTo("analyze");
        assertThat(state.get("stages").get(1).get("status").asText()).isEqualTo("completed");
    }

    @Test
    @Order(7)
    void rejectFailsItWithTheReasonAndTheFirstReleaseKeepsServing() {
        CliHarness.Result result = cli.run("reject", second, "--reason", "change freeze");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Rejected deployment " + second + " of node-plain before analyze: "
                + "change freeze (status failed)").contains("Next: hivemind retry " + second + " --stage analyze");
        CliHarness.Result status = cli.run("status", second);
        assertThat(status.out()).contains("  failed").contains("Message: deployment " + second
                + " was rejected at the approval gate before 010 analyze: change freeze");
        assertThat(Http.get(url + "/")).isEqualTo(new Http.Answer(200, "Hello from node-plain v1\n"));
        assertThat(cli.run("reject", second).exitCode()).isEqualTo(2);
    }

    @Test
    @Order(8)
    void destroyRemovesTheApp() {
        CliHarness.Result result = cli.run("destroy", "node-plain", "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(AppProcesses.under(home)).isEmpty();
    }

    private CliHarness.Result deploy(String version, String... options) {
        String[] args = new String[6 + options.length];
        System.arraycopy(new String[] {"deploy", CliHarness.example("node-plain").toString(), "--port",
                String.valueOf(port), "--env", "APP_VERSION=" + version}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        return cli.run(args);
    }

    /** The deployment id in the {@code Approve: hivemind approve ID} line a stop at a gate prints. */
    static String approveId(CliHarness.Result result) {
        Matcher matcher = APPROVE.matcher(result.out());
        assertThat(matcher.find()).as(result.toString()).isTrue();
        return matcher.group(1);
    }
}
