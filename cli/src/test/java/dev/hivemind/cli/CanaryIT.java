package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Canaries for real, through the real proxy under steady load: one that answers 500 on every other request is aborted
 * at its first step while stable keeps serving; a healthy one is promoted through every step; one whose step has no
 * pause waits for {@code hivemind approve} (exit 3) and is then promoted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern APPROVE = Pattern.compile("Approve: hivemind approve (\\S+)");
    private static final String YAML = """
            canary:
              steps: [{weight: 30, pause: 2s}, {weight: 60, pause: 2s}, {weight: 100}]
              analysis: {min-requests: 10, inconclusive-holds: 2}
            drain: {timeout: 2s, grace: 2s}
            environments:
              staging:
                canary:
                  steps: [{weight: 40}, {weight: 100}]
            """;

    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private final CliHarness cli = cliHome.cli();
    private Path app;
    private final int port = CliHarness.freePort();
    private String url;

    @BeforeAll
    void setUp() throws IOException {
        app = TestApps.rollout(cliHome.work(), "shop", YAML);
        url = "http://127.0.0.1:" + port + "/";
        CliHarness.Result stable = deploy("v1");
        assertThat(stable.exitCode()).as(stable.toString()).isZero();
        assertThat(stable.err()).contains("no stable release of shop serves yet: the canary deploys like blue-green");
    }

    @AfterAll
    void destroyTheApp() {
        cli.run("destroy", "shop", "--auto-approve");
    }

    @Test
    @Order(1)
    void aCanaryAnswering500OnAShareOfRequestsIsAbortedAtTheFirstStepAndStableNeverStopsServing() throws Exception {
        CliHarness.Result result;
        List<String> failures;
        try (LoadLoop load = new LoadLoop(url, 4)) {
            result = deploy("v2", "--env", "FAIL_EVERY=2");
            failures = load.failures();
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("canary step 1 of 3: 30 % of traffic to ")
                .contains("failed its analysis: canary error rate ")
                .contains("exceeds stable's 0 % + 1 pp = 1 %")
                .contains("aborted at step 1 of 3 (30 %): all traffic is back on ")
                .doesNotContain("canary step 2 of 3");
        assertThat(failures).as("only the canary's own 500s, never a refused or dropped request").isNotEmpty()
                .allMatch(failure -> failure.equals("500 injected failure v2"));
        for (int i = 0; i < 20; i++) {
            assertThat(Http.get(url).body()).isEqualTo("hello v1");
        }
        JsonNode state = stateOf(result.deploymentId());
        assertThat(state.path("status").asText()).isEqualTo("failed");
        assertThat(state.path("errors").get(0).path("message").asText()).contains("canary error rate")
                .contains(" of ").contains("aborted at step 1 of 3");
        assertThat(state.path("rollout").path("phase").asText()).isEqualTo("aborted");
    }

    @Test
    @Order(2)
    void aHealthyCanaryIsPromotedThroughEveryStep() throws Exception {
        CliHarness.Result result;
        List<String> bodies;
        try (LoadLoop load = new LoadLoop(url, 4)) {
            result = deploy("v3");
            assertThat(load.failures()).isEmpty();
            bodies = load.bodies();
        }

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("canary step 1 of 3: 30 % of traffic to ", "canary step 2 of 3: 60 % ",
                "canary analysis, step 2 (60 %): pass: ", "promoted: all traffic");
        assertThat(bodies).contains("hello v1", "hello v3");
        for (int i = 0; i < 20; i++) {
            assertThat(Http.get(url).body()).isEqualTo("hello v3");
        }
        CliHarness.Result status = cli.run("status", "shop");
        assertThat(status.out()).contains("Rollout: canary step 3/3 · 100 % of traffic · promoted",
                "[##########] 100%", "Last analysis: step 2 (60 %): pass: ");
    }

    @Test
    @Order(3)
    void aStepWithoutAPauseWaitsForApproveWithExit3AndApproveContinuesTheCanary() throws Exception {
        CliHarness.Result paused = deploy("v4", "--environment", "staging");

        assertThat(paused.exitCode()).as(paused.toString()).isEqualTo(3);
        String id = approveId(paused);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            seen.add(Http.get(url).body());
        }
        assertThat(seen).contains("hello v3", "hello v4").containsOnly("hello v3", "hello v4");
        CliHarness.Result status = cli.run("status", id);
        assertThat(status.out()).contains("awaiting_approval",
                "Rollout: canary step 1/2 · 40 % of traffic · awaiting approval", "[####......] 40%");

        CliHarness.Result approved = cli.run("approve", id);

        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(approved.err()).contains("canary " + id + " continues after step 1 of 2")
                .doesNotContain("instance(s) of release " + id);
        for (int i = 0; i < 20; i++) {
            assertThat(Http.get(url).body()).isEqualTo("hello v4");
        }
    }

    private CliHarness.Result deploy(String version, String... options) {
        List<String> args = new ArrayList<>(List.of("deploy", app.toString(), "--port", String.valueOf(port),
                "--strategy", "canary", "--env", "APP_VERSION=" + version, "--health-interval", "200ms",
                "--health-threshold", "1"));
        args.addAll(List.of(options));
        return cli.run(args.toArray(String[]::new));
    }

    private JsonNode stateOf(String id) throws IOException {
        CliHarness.Result status = cli.run("status", id, "--output", "json");
        return JSON.readTree(status.out());
    }

    private static String approveId(CliHarness.Result result) {
        Matcher matcher = APPROVE.matcher(result.out());
        assertThat(matcher.find()).as(result.toString()).isTrue();
        return matcher.group(1);
    }
}
