package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.ReleaseView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling update of 4 replicas for real: the new release's second instance fails its health check, so batch 2 of
 * 3 fails and the update rolls back; the old release serves with 4 replicas again and never stopped serving.
 */
class RollingIT {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aBatchWhoseInstancesFailTheirHealthCheckRollsBackToFourOldReplicas() throws Exception {
        Path app = TestApps.rollout(work, "shop", "replicas: 4\ndrain: {timeout: 2s, grace: 2s}\n");
        Path slots = TestApps.sharedWithApps(work, "slots");
        int port = CliHarness.freePort();
        String url = "http://127.0.0.1:" + port + "/";
        try (CliHarness cli = new CliHarness(home, work)) {
            CliHarness.Result first = deploy(cli, app, port, "v1");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(releases(cli).getFirst().readyCount()).isEqualTo(4);

            CliHarness.Result rolling;
            List<String> failures;
            List<String> bodies;
            try (LoadLoop load = new LoadLoop(url, 4)) {
                rolling = deploy(cli, app, port, "v2", "--strategy", "rolling", "--env", "SLOT_DIR=" + slots,
                        "--env", "HEALTHY_INSTANCES=1", "--startup-deadline", "8s");
                failures = load.failures();
                bodies = load.bodies();
            }

            assertThat(rolling.exitCode()).as(rolling.toString()).isEqualTo(1);
            assertThat(rolling.err()).contains("batch 1 of 3: 1 of ")
                    .contains("rolling batch 2 of 3 (50 %) of release ")
                    .contains("never became healthy on /health")
                    .contains("rolled back: ");
            assertThat(failures).as("no request failed during the update and its rollback").isEmpty();
            assertThat(bodies).contains("hello v1");
            List<ReleaseView> after = releases(cli);
            assertThat(after).hasSize(1);
            assertThat(after.getFirst().readyCount()).isEqualTo(4);
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(Http.get(url).body());
            }
            assertThat(answers).containsOnly("hello v1");
            String v2 = rolling.deploymentId();
            assertThat(cli.run("status", v2).out()).contains("Rollout: rolling step 2/3 · 0 % of replicas · "
                    + "rolled back");
            assertThat(cli.run("status", "shop").out()).as("v1 serves, the failed v2 is named")
                    .contains("Deployment " + first.deploymentId() + "  complete")
                    .contains("Newer deployment " + v2 + " (failed) gets no traffic: "
                            + "hivemind status " + v2);
            cli.run("destroy", "shop", "--auto-approve");
        }
    }

    private List<ReleaseView> releases(CliHarness cli) {
        try (AgentClient agent = AgentClient.connect(new HivemindHome(home))) {
            AppView view = agent.app("shop").orElseThrow();
            return view.releases().stream().filter(release -> !release.instances().isEmpty()).toList();
        }
    }

    private static CliHarness.Result deploy(CliHarness cli, Path app, int port, String version, String... options) {
        List<String> args = new ArrayList<>(List.of("deploy", app.toString(), "--port", String.valueOf(port),
                "--env", "APP_VERSION=" + version, "--health-interval", "200ms", "--health-threshold", "1"));
        args.addAll(List.of(options));
        return cli.run(args.toArray(String[]::new));
    }
}
