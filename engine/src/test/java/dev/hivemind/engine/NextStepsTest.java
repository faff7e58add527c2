package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NextStepsTest {
    private static final Instant AT = Instant.parse("2026-11-22T03:35:12.123Z");
    private static final String ID = "20261122-033512-123-000abcdefgh";

    private final DeploymentState initial = DeploymentState.initial(ID, "shop", "local", "",
            new DeployRequest("/home/me/my shop", Optional.empty(), Strategy.BLUE_GREEN, Optional.empty(), false), AT);

    private DeploymentState failedAt(StageName stage, boolean withInfrastructure) {
        DeploymentState state = initial.withStage(new StageRecord(stage, StageStatus.FAILED, Optional.of(AT),
                Optional.of(AT), 1), AT).withStatus(Status.FAILED, AT);
        return withInfrastructure ? state.withInfrastructure(new Infrastructure("local", Map.of(), List.of())) : state;
    }

    @Test
    void afterSuccessStatusLogsRollbackAndDestroy() {
        assertThat(NextSteps.after(initial.withStatus(Status.COMPLETE, AT))).containsExactly(
                "hivemind status " + ID, "hivemind logs " + ID, "hivemind rollback shop", "hivemind destroy shop");
    }

    @Test
    void afterAFailureBeforeInfrastructureOnlyRetry() {
        assertThat(NextSteps.after(failedAt(StageName.BUILD, false)))
                .containsExactly("hivemind retry " + ID + " --stage build");
    }

    @Test
    void afterAFailureOnceTheReleaseReplacedAServingOneRetryAndRollback() {
        DeploymentState failed = failedAt(StageName.VALIDATE, false)
                .withStage(new StageRecord(StageName.DEPLOY, StageStatus.COMPLETED, Optional.of(AT), Optional.of(AT),
                        1), AT)
                .withInfrastructure(new Infrastructure("local", Map.of(Infrastructure.SERVING_RELEASE, "r0"),
                        List.of()));

        assertThat(NextSteps.after(failed))
                .containsExactly("hivemind retry " + ID + " --stage validate", "hivemind rollback shop");
    }

    @Test
    void afterAFailedFirstDeploymentNoRollbackForThereIsNothingToRollBackTo() {
        DeploymentState failed = failedAt(StageName.VALIDATE, true)
                .withStage(new StageRecord(StageName.DEPLOY, StageStatus.COMPLETED, Optional.of(AT), Optional.of(AT),
                        1), AT);

        assertThat(NextSteps.after(failed)).containsExactly("hivemind retry " + ID + " --stage validate");
        assertThat(NextSteps.after(failedAt(StageName.DEPLOY, true)))
                .containsExactly("hivemind retry " + ID + " --stage deploy");
    }

    @Test
    void afterAFailedDeployStageNoRollbackForThePreviousReleaseStillServes() {
        DeploymentState failed = failedAt(StageName.DEPLOY, false).withInfrastructure(new Infrastructure("local",
                Map.of(Infrastructure.SERVING_RELEASE, "r0"), List.of()));

        assertThat(NextSteps.after(failed)).containsExactly("hivemind retry " + ID + " --stage deploy");
    }

    @Test
    void aRunThatStoppedCanBeResumed() {
        assertThat(NextSteps.after(initial.withStatus(Status.BUILDING, AT)))
                .containsExactly("hivemind resume " + ID, "hivemind status " + ID);
    }

    @Test
    void approvalDestroyAndRollbackHaveTheirOwnSteps() {
        assertThat(NextSteps.after(initial.withStatus(Status.AWAITING_APPROVAL, AT)))
                .containsExactly("hivemind approve " + ID, "hivemind reject " + ID + " --reason TEXT");
        assertThat(NextSteps.after(initial.withStatus(Status.DESTROYED, AT)))
                .containsExactly("hivemind deploy '/home/me/my shop' --app shop");
        assertThat(NextSteps.after(initial.withStatus(Status.ROLLED_BACK, AT)))
                .containsExactly("hivemind history shop", "hivemind deploy '/home/me/my shop' --app shop");
    }
}
