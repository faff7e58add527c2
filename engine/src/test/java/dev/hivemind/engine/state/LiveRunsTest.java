package dev.hivemind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment left midway is interrupted once no live process holds its app's lock for it. */
class LiveRunsTest {
    private static final String ID = "20261122-033512-123-000first000";
    private static final Instant AT = Instant.parse("2026-11-22T03:35:12.123Z");

    @TempDir
    Path temp;

    private HivemindHome home() {
        return new HivemindHome(temp.resolve("home"));
    }

    @Test
    void aDeploymentLeftMidStageWithoutItsProcessIsInterrupted() {
        DeploymentState killed = midStage(StageName.DEPLOY, StageStatus.RUNNING);

        assertThat(new LiveRuns(home()).interrupted(killed)).isTrue();
        assertThat(new LiveRuns(home()).status(killed)).isEqualTo("interrupted");
        assertThat(LiveRuns.stoppedAt(killed)).contains(StageName.DEPLOY);
    }

    @Test
    void oneWaitingForTheRetryOfAFailedStageIsInterruptedOnceItsProcessIsGone() {
        assertThat(new LiveRuns(home()).interrupted(midStage(StageName.BUILD, StageStatus.FAILED))).isTrue();
    }

    @Test
    void theRunHoldingTheLockIsNotInterruptedButAnotherDeploymentsRunDoesNotCount() {
        DeploymentState running = midStage(StageName.DEPLOY, StageStatus.RUNNING);
        try (AppLock mine = AppLock.acquire(home(), "shop", ID, Clock.systemUTC())) {
            assertThat(new LiveRuns(home()).interrupted(running)).isFalse();
            assertThat(new LiveRuns(home()).status(running)).isEqualTo("deploying");
        }
        try (AppLock other = AppLock.acquire(home(), "shop", "20261122-033513-000-000second00", Clock.systemUTC())) {
            assertThat(new LiveRuns(home()).interrupted(running)).isTrue();
        }
    }

    @Test
    void aRunStoppedByUntilAndFinishedDeploymentsAreNotInterrupted() {
        DeploymentState stopped = initial().withStage(initial().stage(StageName.BUILD).orElseThrow().started(AT)
                .finished(StageStatus.COMPLETED, AT), AT).withStatus(Status.BUILDING, AT);
        DeploymentState failed = midStage(StageName.DEPLOY, StageStatus.FAILED).withStatus(Status.FAILED, AT);

        LiveRuns runs = new LiveRuns(home());
        assertThat(runs.interrupted(stopped)).isFalse();
        assertThat(runs.status(stopped)).isEqualTo("building");
        assertThat(runs.interrupted(failed)).isFalse();
    }

    private static DeploymentState midStage(StageName stage, StageStatus status) {
        DeploymentState state = initial();
        var record = state.stage(stage).orElseThrow().started(AT);
        return state.withStage(status == StageStatus.RUNNING ? record : record.finished(status, AT), AT)
                .withStatus(stage.runningStatus(), AT);
    }

    private static DeploymentState initial() {
        DeployRequest request = new DeployRequest("/src/shop", Optional.empty(), Strategy.BLUE_GREEN, Optional.empty(),
                false);
        return DeploymentState.initial(ID, "shop", "local", "test deployment", request, AT);
    }
}
