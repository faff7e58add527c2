package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.retry.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hooks around the build and deploy stages, run for real by /bin/sh in the app's directory. */
class ConductorHookTest {
    @RegisterExtension
    static final ConductorWorld world = new ConductorWorld();
    private final Fixture fixture = world.newFixture();

    @Test
    void hooksRunInOrderAroundTheirStagesInTheAppDirectoryWithWhatTheyNeedToKnow() throws IOException {
        String record = "echo \"$HIVEMIND_HOOK in $(pwd) artifact=${HIVEMIND_ARTIFACT:-none} url=${HIVEMIND_URL:-none}"
                + " token=$TOKEN\" >> hooks.log";
        hooks(hook(HookName.PRE_BUILD, record, "echo linting"), hook(HookName.POST_BUILD, record),
                hook(HookName.PRE_DEPLOY, record), hook(HookName.POST_DEPLOY, record),
                hook(HookName.PRE_DESTROY, "echo never during a deploy >> hooks.log"));

        DeploymentState done = fixture.conductor().start(fixture.newDeployment(), Map.of("TOKEN", "t0k"),
                RunRange.all());

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        String artifact = done.buildArtifact().orElseThrow().path();
        String where = fixture.source.toRealPath().toString();
        assertThat(Files.readAllLines(fixture.source.resolve("hooks.log"))).containsExactly(
                "pre-build in " + where + " artifact=none url=none token=t0k",
                "post-build in " + where + " artifact=" + artifact + " url=none token=t0k",
                "pre-deploy in " + where + " artifact=" + artifact + " url=none token=t0k",
                "post-deploy in " + where + " artifact=" + artifact + " url=" + world.url() + " token=t0k");
        assertThat(done.hooks()).extracting(HookStep::name, HookStep::status, HookStep::attempts).containsExactly(
                org.assertj.core.groups.Tuple.tuple(HookName.PRE_BUILD, StageStatus.COMPLETED, 1),
                org.assertj.core.groups.Tuple.tuple(HookName.POST_BUILD, StageStatus.COMPLETED, 1),
                org.assertj.core.groups.Tuple.tuple(HookName.PRE_DEPLOY, StageStatus.COMPLETED, 1),
                org.assertj.core.groups.Tuple.tuple(HookName.POST_DEPLOY, StageStatus.COMPLETED, 1),
                org.assertj.core.groups.Tuple.tuple(HookName.PRE_DESTROY, StageStatus.PENDING, 0));
        assertThat(Files.readString(fixture.store.logFile(done.deploymentId())))
                .contains("hook pre-build started: 2 commands within 5m", "│ $ echo linting", "│ linting",
                        "hook pre-build completed in ");
        assertThat(Files.readString(fixture.store.journal(done.deploymentId()))).contains("Hooks from hivemind.yaml:",
                "- pre-build (before 020 build, timeout 5m): `" + record + "; echo linting`: completed",
                "- pre-destroy (when `hivemind destroy` starts, timeout 5m): `echo never during a deploy >> hooks.log`"
                        + ": pending");
        List<String> messages = done.logs().stream().map(LogEntry::message).toList();
        assertThat(messages.indexOf("hook post-build completed in 0.0 s"))
                .isGreaterThan(indexStarting(messages, "Compiler completed 020 build"))
                .isLessThan(indexStarting(messages, "Provisioner started 030 provision"));
    }

    @Test
    void aFailingHookIsRetriedOnceThenFailsTheDeploymentWithItsExitCodeAndLastLinesAndResumeRunsOnlyIt()
            throws IOException {
        hooks(hook(HookName.PRE_BUILD, "echo ran >> pre-build.count"),
                hook(HookName.POST_BUILD, "echo checking dist", "test -f ready || { echo 'dist is empty'; exit 7; }"));
        DeploymentState initial = fixture.newDeployment();

        DeploymentException error = catchThrowableOfType(DeploymentException.class,
                () -> fixture.conductor().start(initial, Map.of(), RunRange.all()));

        assertThat(error).hasMessage("hook post-build failed: `test -f ready || { echo 'dist is empty'; exit 7; }` "
                + "exited with code 7; its last output:\n    $ echo checking dist\n    checking dist\n"
                + "    $ test -f ready || { echo 'dist is empty'; exit 7; }\n    dist is empty");
        assertThat(error.remediation()).startsWith("Fix what hooks.post-build runs (by /bin/sh in ")
                .endsWith("then `hivemind resume " + initial.deploymentId() + "`; a changed hooks.post-build in "
                        + "hivemind.yaml is read again by `hivemind retry " + initial.deploymentId()
                        + " --stage analyze`");
        DeploymentState failed = fixture.store.load(initial.deploymentId());
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.stage(StageName.BUILD).orElseThrow().status()).as("the build itself completed")
                .isEqualTo(StageStatus.COMPLETED);
        assertThat(failed.stage(StageName.PROVISION).orElseThrow().status()).isEqualTo(StageStatus.PENDING);
        assertThat(failed.hook(HookName.POST_BUILD).orElseThrow())
                .extracting(HookStep::status, HookStep::attempts).containsExactly(StageStatus.FAILED, 2);
        assertThat(fixture.sleeper.delays()).containsExactly(Duration.ofSeconds(2));

        Files.writeString(fixture.source.resolve("ready"), "");
        DeploymentState resumed = fixture.conductor().resume(initial.deploymentId());

        assertThat(resumed.status()).isEqualTo(Status.COMPLETE);
        assertThat(Files.readAllLines(fixture.source.resolve("pre-build.count"))).as("pre-build ran once")
                .containsExactly("ran");
        assertThat(resumed.stage(StageName.BUILD).orElseThrow().attempts()).as("the build ran once").isEqualTo(1);
        assertThat(resumed.hook(HookName.POST_BUILD).orElseThrow())
                .extracting(HookStep::status, HookStep::attempts).containsExactly(StageStatus.COMPLETED, 3);
    }

    @Test
    void whatAHookPrintsOfTheAppsSecretsIsMaskedInTheLogStateJournalReportAndError() throws IOException {
        Map<String, String> environment = Map.of("API_TOKEN", "tok-5f3a9c", "DATABASE_URL",
                "postgres://shop:pw-8a7b6c@db.internal/shop", "LOG_LEVEL", "info");
        hooks(hook(HookName.PRE_BUILD, "echo \"token is $API_TOKEN\"", "echo \"database at $DATABASE_URL\""),
                hook(HookName.POST_BUILD, "echo \"giving up on $API_TOKEN at level $LOG_LEVEL\"; exit 3"));
        DeploymentState initial = fixture.newDeployment();

        DeploymentException error = catchThrowableOfType(DeploymentException.class,
                () -> fixture.conductor().start(initial, environment, RunRange.all()));

        DeploymentState failed = fixture.store.load(initial.deploymentId());
        String log = Files.readString(fixture.store.logFile(initial.deploymentId()));
        assertThat(log).contains("│ token is ***", "│ database at postgres://shop:***@db.internal/shop",
                "│ giving up on *** at level info");
        String report = dev.hivemind.engine.report.ReportFormat.MD.render(
                dev.hivemind.engine.report.ReportModel.of(failed, List.of(failed)));
        for (String written : List.of(log, Files.readString(fixture.store.paths(initial.deploymentId()).state()),
                Files.readString(fixture.store.journal(initial.deploymentId())), report, error.getMessage())) {
            assertThat(written).doesNotContain("tok-5f3a9c", "pw-8a7b6c");
        }
        assertThat(failed.lastError().orElseThrow().message()).contains("giving up on *** at level info");
    }

    @Test
    void aHookThatOutlivesItsTimeoutIsStoppedAndNamedInTheError() {
        hooks(new HookStep(HookName.PRE_DEPLOY, List.of("echo waiting; sleep 30"), Duration.ofSeconds(1),
                StageStatus.PENDING, Optional.empty(), Optional.empty(), 0));
        DeploymentState initial = fixture.newDeployment();

        long started = System.nanoTime();
        DeploymentException error = catchThrowableOfType(DeploymentException.class,
                () -> fixture.conductor().start(initial, Map.of(), RunRange.all()));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(error).hasMessage("hook pre-deploy failed: `echo waiting; sleep 30` did not finish within the "
                + "hook's timeout of 1s and was stopped; its last output:\n    $ echo waiting; sleep 30\n    waiting");
        assertThat(fixture.target.releases()).as("the deploy stage did not run").isEmpty();
    }

    @Test
    void aPreHookRunsOnlyOnceItsStagesGateIsApproved() throws IOException {
        hooks(hook(HookName.PRE_DEPLOY, "touch pre-deploy.ran"));
        DeploymentState plain = fixture.newDeployment();
        DeployRequest request = new DeployRequest(fixture.source.toString(), Optional.empty(), Strategy.BLUE_GREEN,
                Optional.empty(), false, HealthCheck.defaults(), false, List.of(StageName.DEPLOY), Optional.empty());
        DeploymentState initial = DeploymentState.initial(plain.deploymentId(), "shop", "local", "gated", request,
                fixture.clock.instant());
        Conductor conductor = new Conductor(fixture.store, Pipeline.standard(fixture.services()),
                RetryPolicy.defaults(), fixture.clock, fixture.sleeper, fixture.listener, Approver.DEFER);

        DeploymentState waiting = conductor.start(initial, Map.of(), RunRange.all());

        assertThat(waiting.status()).isEqualTo(Status.AWAITING_APPROVAL);
        assertThat(fixture.source.resolve("pre-deploy.ran")).doesNotExist();
        assertThat(conductor.approve(initial.deploymentId()).status()).isEqualTo(Status.COMPLETE);
        assertThat(fixture.source.resolve("pre-deploy.ran")).exists();
    }

    private void hooks(HookStep... steps) {
        fixture.analyzer.hooking(List.of(steps));
    }

    private static HookStep hook(HookName name, String... commands) {
        return HookStep.pending(name, List.of(commands), HookStep.DEFAULT_TIMEOUT);
    }

    private static int indexStarting(List<String> messages, String prefix) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no log line starts with " + prefix + " in " + messages);
    }
}
