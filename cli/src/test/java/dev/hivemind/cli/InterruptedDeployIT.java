package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy whose CLI is killed (SIGKILL, a real child JVM) while it waits for the new release's startup probe leaves
 * that release running without traffic. {@code resume} and {@code retry --stage deploy} adopt it, as it runs, and move
 * the traffic to it; {@code history} and {@code status} show the deployment interrupted meanwhile. While the deploy
 * runs, {@code destroy} and {@code rollback} are refused, naming it: they need the app's lock.
 */
class InterruptedDeployIT {
    private static final String APP = "slow";

    @TempDir
    Path home;
    @TempDir
    Path work;
    private Path app;
    private int port;
    private String url;
    private CliHarness cli;

    @BeforeEach
    void slowStartingApp() throws Exception {
        app = TestApps.slowStarting(work, APP);
        port = CliHarness.freePort();
        url = "http://127.0.0.1:" + port + "/";
        cli = new CliHarness(home, work);
    }

    @AfterEach
    void stopTheAgent() {
        cli.close();
    }

    @Test
    void resumeAdoptsTheReleaseAKilledDeployLeftInItsHealthWaitAndMovesTheTrafficToIt() throws Exception {
        // given a first deploy killed while it waits for its release, which starts listening after 6 s
        Starting killed = killDuringHealthWait("v1", 6000);
        String id = killed.releaseId();

        // then the deployment shows interrupted, and once its release is healthy the app still has no traffic, and a
        // rollback says what to do
        assertThat(cli.run("history", APP).out()).containsPattern(id + " +interrupted +blue-green");
        CliHarness.Result status = cli.run("status", id);
        assertThat(status.out()).contains("Deployment " + id + "  interrupted")
                .contains("Interrupted during 040 deploy: no process runs it any more")
                .contains("Next: hivemind resume " + id);
        awaitReady(id);
        assertThat(Http.get(url).status()).as("a healthy release at weight 0, the bug this test is about")
                .isEqualTo(503);
        CliHarness.Result rollback = cli.run("rollback", APP);
        assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(2);
        assertThat(rollback.err()).contains("app slow has no release serving on this machine; release " + id
                + " runs without traffic (its deployment did not finish)").contains("hivemind resume " + id);

        // when it is resumed
        CliHarness.Result resumed = cli.run("resume", id);

        // then the running release is adopted, not restarted, and serves the app
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.err()).contains("release " + id + " already runs (1 of 1 instance(s) ready), started "
                + "by an earlier run that was interrupted: adopting it, no restart")
                .contains("traffic switched to " + id).doesNotContain("started 1 instance(s)");
        assertThat(instance(id).orElseThrow().pid()).as("the same process").contains(killed.pid());
        assertThat(Http.get(url)).isEqualTo(new Http.Answer(200, "hello v1"));
        assertThat(cli.run("history", APP).out()).containsPattern(id + " +complete");
        assertThat(cli.run("status", APP).out()).contains("Deployment " + id + "  complete");
    }

    @Test
    void retryOfTheDeployStageAdoptsTheKilledDeploysReleaseAndSwitchesFromTheOldOne() throws Exception {
        // given v1 serving, and a deploy of v2 killed while it waits for v2 (4 s to listen)
        CliHarness.Result first = deploy("v1");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Starting killed = killDuringHealthWait("v2", 4000);
        String v2 = killed.releaseId();
        assertThat(Http.get(url).body()).isEqualTo("hello v1");
        awaitReady(v2);

        // when its deploy stage is retried
        CliHarness.Result retried = cli.run("retry", v2, "--stage", "deploy");

        // then v2's running release is adopted and gets the traffic
        assertThat(retried.exitCode()).as(retried.toString()).isZero();
        assertThat(retried.err()).contains("release " + v2 + " already runs (1 of 1 instance(s) ready)")
                .contains("adopting it, no restart").contains("traffic switched to " + v2);
        assertThat(instance(v2).orElseThrow().pid()).contains(killed.pid());
        assertThat(Http.get(url)).isEqualTo(new Http.Answer(200, "hello v2"));
        assertThat(cli.run("status", APP).out()).contains("Deployment " + v2 + "  complete");
    }

    @Test
    void destroyAndRollbackWhileADeployHoldsTheAppsLockAreRefusedNamingIt() throws Exception {
        assertThat(deploy("v1").exitCode()).isZero();
        // given a deploy of v2, in another process, waiting for v2 (30 s to listen)
        try (CliProcess deploying = CliProcess.start(home, work.resolve("deploy-v2.log"), deployArgs("v2",
                30_000))) {
            String v2 = awaitStarting(deploying).releaseId();
            String holder = "app '" + APP + "' is locked by deployment " + v2 + " (pid " + deploying.pid()
                    + ", since ";

            // when the app is destroyed, or rolled back, meanwhile
            CliHarness.Result destroyed = cli.run("destroy", APP, "--auto-approve");
            CliHarness.Result rolledBack = cli.run("rollback", APP);

            // then both are refused at once, naming the deploy that holds the app, and nothing changed
            assertThat(destroyed.exitCode()).as(destroyed.toString()).isEqualTo(1);
            assertThat(destroyed.err()).contains("[HiveMind Conductor] Error: LockError").contains(holder)
                    .contains("hivemind status " + v2).doesNotContain("Destroyed");
            assertThat(rolledBack.exitCode()).as(rolledBack.toString()).isEqualTo(1);
            assertThat(rolledBack.err()).contains("[HiveMind Conductor] Error: LockError").contains(holder);
            assertThat(deploying.alive()).as(deploying.output()).isTrue();
            assertThat(Http.get(url)).isEqualTo(new Http.Answer(200, "hello v1"));
            assertThat(instance(v2)).as("v2 still starts").isPresent();
        }
    }

    @Test
    void anOldUnfinishedDeploymentIsResumedIntoTrafficOnlyWithForceAndStatusHeadlinesWhatServes() throws Exception {
        // given v1 stopped before its deploy stage, and v2 deployed after it
        CliHarness.Result stopped = cli.run(with(deployArgs("v1", 0), "--until", "provision"));
        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        String v1 = stopped.deploymentId();
        CliHarness.Result second = deploy("v2");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        String v2 = second.deploymentId();

        // when v1 is resumed
        CliHarness.Result refused = cli.run("resume", v1);

        // then it is refused, naming what serves, and v2 keeps the traffic
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("deployment " + v1 + " of app '" + APP + "' is superseded: deployment "
                + v2 + ", created after it, completed and serves the app now; continuing it would move the app's "
                + "traffic back to its older build").contains("pass --force to continue " + v1 + " anyway");
        assertThat(Http.get(url).body()).isEqualTo("hello v2");

        // when it is resumed with --force
        CliHarness.Result forced = cli.run("resume", v1, "--force");

        // then v1 serves, and status APP headlines v1, saying the newer v2 gets no traffic
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Http.get(url)).isEqualTo(new Http.Answer(200, "hello v1"));
        assertThat(cli.run("status", APP).out()).contains("Deployment " + v1 + "  complete")
                .contains("Newer deployment " + v2 + " (complete) gets no traffic: hivemind status "
                        + v2);
        assertThat(cli.run("status", v2).out()).contains("Deployment " + v2 + "  complete");
    }

    /** A release that runs, not ready yet, and its process. */
    private record Starting(String releaseId, long pid) { }

    /** Deploys in a child JVM and kills it (SIGKILL) once its release runs but is not ready yet. */
    private Starting killDuringHealthWait(String version, int startDelayMillis) throws Exception {
        try (CliProcess deploying = CliProcess.start(home, work.resolve("deploy-" + version + ".log"),
                deployArgs(version, startDelayMillis))) {
            Starting starting = awaitStarting(deploying);
            deploying.kill();
            return starting;
        }
    }

    private String[] deployArgs(String version, int startDelayMillis) {
        return new String[] {"deploy", app.toString(), "--port", String.valueOf(port), "--env",
                "APP_VERSION=" + version, "--env", "START_DELAY_MS=" + startDelayMillis, "--health-path", "/health",
                "--health-interval", "200ms", "--health-threshold", "1", "--startup-deadline", "60s"};
    }

    private static String[] with(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private CliHarness.Result deploy(String version) {
        return cli.run(deployArgs(version, 0));
    }

    /** Waits until {@code deploying} has started a release that is not ready yet: it is in its health wait. */
    private Starting awaitStarting(CliProcess deploying) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            Optional<InstanceView> starting = app().stream().flatMap(view -> view.releases().stream())
                    .filter(release -> release.weight() == 0).flatMap(release -> release.instances().stream())
                    .filter(instance -> !instance.ready() && instance.pid().isPresent()).findFirst();
            if (starting.isPresent()) {
                return new Starting(starting.get().releaseId(), starting.get().pid().orElseThrow());
            }
            assertThat(deploying.alive()).as("the deploy ended before its health wait:\n" + deploying.output())
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("no release started within 90 s; the deploy printed:\n" + deploying.output());
    }

    private void awaitReady(String releaseId) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (instance(releaseId).filter(InstanceView::ready).isEmpty()) {
            assertThat(System.nanoTime()).as("release " + releaseId + " not ready within 60 s").isLessThan(end);
            Thread.sleep(100);
        }
    }

    private Optional<AppView> app() {
        try (AgentClient agent = AgentClient.connect(new HivemindHome(home))) {
            return agent.isRunning() ? agent.app(APP) : Optional.empty();
        }
    }

    private Optional<InstanceView> instance(String releaseId) {
        return app().flatMap(view -> view.release(releaseId)).map(ReleaseView::instances)
                .flatMap(instances -> instances.stream().filter(view -> view.pid().isPresent()).findFirst());
    }
}
