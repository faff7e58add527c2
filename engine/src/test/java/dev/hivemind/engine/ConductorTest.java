package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.LockedException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.report.ReportFormat;
import dev.hivemind.engine.report.ReportModel;
import dev.hivemind.engine.state.AppLock;
import dev.hivemind.engine.state.DeploymentPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs, resumes, retries and ranges of whole deployments, with fakes behind a real HTTP app. */
class ConductorTest {
    @RegisterExtension
    static final ConductorWorld world = new ConductorWorld();
    private final Fixture fixture = world.newFixture();

    @Test
    void runsEveryStageAndCompletes() {
        DeploymentState done = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.all());

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(done.stages()).extracting(StageRecord::status).containsOnly(StageStatus.COMPLETED);
        assertThat(done.url()).contains(world.url());
        assertThat(done.completedAt()).isPresent();
        assertThat(fixture.store.load(done.deploymentId())).isEqualTo(done);
        assertThat(fixture.listener.events(DeploymentEvent.StageCompleted.class)).hasSize(StageName.values().length);
    }

    @Test
    void resumesAfterACrashMidStageFromThatStage() throws Exception {
        DeploymentState stopped = fixture.conductor().start(fixture.newDeployment(), Map.of(),
                RunRange.through(StageName.ANALYZE));
        String id = stopped.deploymentId();
        // what a kill -9 during the build leaves: the build running in the state, an orphan attempt directory
        Instant crashAt = fixture.clock.instant();
        DeploymentState crashed = stopped.withStatus(Status.BUILDING, crashAt)
                .withStage(stopped.stage(StageName.BUILD).orElseThrow().started(crashAt), crashAt);
        fixture.store.save(crashed);
        Path orphan = Files.createDirectories(fixture.store.artifactsDirectory(id).resolve("attempt-1/node_modules"));

        Conductor afterRestart = fixture.conductor();
        DeploymentState done = afterRestart.resume(id);

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(done.stage(StageName.BUILD).orElseThrow().attempts()).isEqualTo(2);
        assertThat(done.stage(StageName.ANALYZE).orElseThrow().attempts()).isEqualTo(1);
        assertThat(fixture.builder.requests()).singleElement()
                .satisfies(request -> assertThat(request.artifactDirectory().getFileName()).hasToString("attempt-2"));
        assertThat(orphan.getParent()).doesNotExist();
        assertThat(done.logs()).extracting(LogEntry::message)
                .anyMatch(message -> message.contains("[build] was still running when the last run stopped"));
    }

    @Test
    void retryRunsTheStageAndEveryLaterStageAgain() {
        fixture.faults.times(StageName.DEPLOY, 1, () -> new InfrastructureException(Agent.DEPLOYER,
                "port 8080 is in use by pid 4121", "Starting the release", "Pass --port or stop that process"));
        DeploymentState initial = fixture.newDeployment();
        assertThatThrownBy(() -> fixture.conductor().start(initial, Map.of(), RunRange.all()))
                .isInstanceOf(InfrastructureException.class);
        assertThat(NextSteps.after(fixture.store.load(initial.deploymentId()))).containsExactly(
                "hivemind retry " + initial.deploymentId() + " --stage deploy");

        DeploymentState done = fixture.conductor().retry(initial.deploymentId(), StageName.BUILD);

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(done.stage(StageName.ANALYZE).orElseThrow().attempts()).isEqualTo(1);
        assertThat(done.stage(StageName.BUILD).orElseThrow().attempts()).isEqualTo(2);
        assertThat(done.stage(StageName.DEPLOY).orElseThrow().attempts()).isEqualTo(2);
        assertThat(done.errors()).singleElement().satisfies(error -> assertThat(error.message())
                .isEqualTo("port 8080 is in use by pid 4121"));
        assertThat(fixture.builder.requests()).extracting(request -> request.artifactDirectory().getFileName()
                .toString()).containsExactly("attempt-1", "attempt-2");
    }

    @Test
    void untilStopsAfterTheStageAndResumeContinues() {
        DeploymentState stopped = fixture.conductor().start(fixture.newDeployment(), Map.of(),
                RunRange.through(StageName.BUILD));

        assertThat(stopped.status()).isEqualTo(Status.BUILDING);
        assertThat(stopped.completedAt()).isEmpty();
        assertThat(stopped.stage(StageName.BUILD).orElseThrow().status()).isEqualTo(StageStatus.COMPLETED);
        assertThat(stopped.stage(StageName.PROVISION).orElseThrow().status()).isEqualTo(StageStatus.PENDING);
        assertThat(stopped.logs().getLast().message()).isEqualTo("stopped after 020 build (--until build); "
                + "continue with `hivemind resume " + stopped.deploymentId() + "`");
        assertThat(NextSteps.after(stopped)).first().isEqualTo("hivemind resume " + stopped.deploymentId());

        DeploymentState done = fixture.conductor().resume(stopped.deploymentId());
        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(done.stage(StageName.BUILD).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void fromNeedsEveryEarlierStageCompleted() {
        String id = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.through(StageName.BUILD))
                .deploymentId();

        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, () -> fixture.conductor()
                .resume(id, RunRange.startingAt(StageName.DEPLOY)));
        assertThat(refused.getMessage()).isEqualTo("cannot start deployment " + id
                + " at deploy: stage provision before it is pending");
        assertThat(refused.remediation()).contains("hivemind retry " + id + " --stage provision");

        DeploymentState part = fixture.conductor().resume(id,
                new RunRange(Optional.of(StageName.PROVISION), Optional.of(StageName.DEPLOY)));
        assertThat(part.status()).isEqualTo(Status.DEPLOYING);
        assertThat(part.stage(StageName.DEPLOY).orElseThrow().status()).isEqualTo(StageStatus.COMPLETED);
        assertThat(part.stage(StageName.HARDEN).orElseThrow().status()).isEqualTo(StageStatus.PENDING);
    }

    @Test
    void aNewDeploymentCannotStartAfterInitAndNothingIsCreated() {
        DeploymentState initial = fixture.newDeployment();

        assertThatThrownBy(() -> fixture.conductor().start(initial, Map.of(), RunRange.startingAt(StageName.BUILD)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--from build needs an existing deployment: a new one starts at init");
        assertThat(fixture.home.root()).doesNotExist();
    }

    @Test
    void aSecondDeploymentOfTheSameAppIsRefusedBeforeAnythingIsCreated() {
        DeploymentState initial = fixture.newDeployment();
        try (AppLock held = AppLock.acquire(fixture.home, "shop", "20261122-000000-000-000other00", Clock.systemUTC())) {
            LockedException refused = catchThrowableOfType(LockedException.class,
                    () -> fixture.conductor().start(initial, Map.of(), RunRange.all()));

            assertThat(refused.getMessage()).startsWith("app 'shop' is locked by deployment "
                    + "20261122-000000-000-000other00 (pid " + ProcessHandle.current().pid() + ", since ");
            assertThat(refused.agent()).isEqualTo(Agent.CONDUCTOR);
            assertThat(fixture.store.find(initial.deploymentId())).isEmpty();
            assertThat(held.path()).isEqualTo(fixture.home.app("shop").resolve("lock"));
        }
    }

    @Test
    void resumeTakesTheAppLockToo() {
        String id = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.through(StageName.INIT))
                .deploymentId();
        try (AppLock held = AppLock.acquire(fixture.home, "shop", "20261122-000000-000-000other00", Clock.systemUTC())) {
            assertThatThrownBy(() -> fixture.conductor().resume(id)).isInstanceOf(LockedException.class)
                    .hasMessageContaining(held.holder().deploymentId().orElseThrow());
        }
        assertThat(fixture.conductor().resume(id).status()).isEqualTo(Status.COMPLETE);
    }

    @Test
    void filesAreOwnerOnlyAndAtomicWritesLeaveNoTempFiles() throws Exception {
        DeploymentState done = fixture.conductor().start(fixture.newDeployment(), Map.of("TOKEN", "x"),
                RunRange.all());
        DeploymentPaths paths = fixture.store.paths(done.deploymentId());

        for (Path directory : List.of(fixture.home.root(), fixture.home.deployments(), paths.directory(),
                paths.artifacts(), fixture.home.app("shop"))) {
            assertThat(Files.getPosixFilePermissions(directory)).as(directory.toString())
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        for (Path file : List.of(paths.state(), paths.logFile(), paths.journal(), paths.environment(),
                fixture.home.app("shop").resolve("lock"))) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        try (var files = Files.walk(fixture.home.root())) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
        try (var entries = Files.list(paths.directory())) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(
                    "state.json", "logs.txt", "journal.md", "env", "artifacts");
        }
    }

    @Test
    void environmentValuesStayOutOfStateLogsAndJournal() throws Exception {
        DeploymentState done = fixture.conductor().start(fixture.newDeployment(),
                Map.of("DB_PASSWORD", "s3cret-value"), RunRange.all());
        DeploymentPaths paths = fixture.store.paths(done.deploymentId());

        assertThat(fixture.target.releases()).singleElement()
                .satisfies(release -> assertThat(release.environment()).containsEntry("DB_PASSWORD", "s3cret-value"));
        assertThat(fixture.store.loadEnvironment(done.deploymentId())).containsEntry("DB_PASSWORD", "s3cret-value");
        for (Path file : List.of(paths.state(), paths.logFile(), paths.journal())) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain("s3cret-value");
        }
        assertThat(done.deploymentConfig().orElseThrow().environmentVariables()).containsEntry("DB_PASSWORD", "***");
    }

    @Test
    void completeAndUnknownDeploymentsCannotBeResumed() {
        String id = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.all()).deploymentId();

        assertThatThrownBy(() -> fixture.conductor().resume(id)).isInstanceOf(InvalidInputException.class)
                .hasMessage("deployment " + id + " is complete; there is nothing to resume or retry");
        assertThatThrownBy(() -> fixture.conductor().retry(id, StageName.BUILD))
                .isInstanceOf(InvalidInputException.class);
        InvalidInputException unknown = catchThrowableOfType(InvalidInputException.class,
                () -> fixture.conductor().resume("20261122-000000-000-000unknown"));
        assertThat(unknown.remediation()).contains("hivemind history APP").contains("hivemind status");
    }

    @Test
    void skipPreflightRecordsItSkippedWithoutRunningIt() {
        DeploymentState done = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.all(), true);

        assertThat(done.stage(StageName.PREFLIGHT).orElseThrow().status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(fixture.faults.calls(StageName.PREFLIGHT)).isZero();
        assertThat(done.status()).isEqualTo(Status.COMPLETE);
    }

    @Test
    void aGitSourceIsClonedIntoTheDeploymentAndBuiltFromThere() {
        DeploymentState done = fixture.conductor().start(
                fixture.newDeployment("shop", "https://git.example.com/acme/shop.git"), Map.of(), RunRange.all());

        assertThat(done.git().orElseThrow().commit()).contains("0123456789abcdef0123456789abcdef01234567");
        assertThat(done.git().orElseThrow().branch()).contains("main");
        assertThat(fixture.builder.requests()).singleElement().satisfies(request -> assertThat(request.source())
                .isEqualTo(fixture.store.sourceDirectory(done.deploymentId())));
        assertThat(done.logs()).extracting(LogEntry::message)
                .contains("the tools the app needs are checked once the repository is analyzed");
    }

    /** The target's cost estimate: recorded by provision, kept in the state, shown in every report format. */
    @Test
    void provisionRecordsTheTargetsEstimateAndEveryReportShowsIt() {
        DeploymentState done = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.all());

        assertThat(done.estimatedCostPerMonth()).isEqualTo(12.5);
        assertThat(fixture.store.load(done.deploymentId()).estimatedCostPerMonth()).isEqualTo(12.5);
        assertThat(done.logs()).extracting(LogEntry::message)
                .contains("estimated cost: $12.50 a month on target local");
        ReportModel model = ReportModel.of(done);
        for (ReportFormat format : ReportFormat.values()) {
            assertThat(format.render(model)).as(format.toString()).contains("Estimated cost: $12.50 a month")
                    .contains("estimated cost per month");
        }
    }
}
