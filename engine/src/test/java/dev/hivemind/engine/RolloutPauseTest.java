package dev.hivemind.engine;

import dev.hivemind.api.ApprovalDecision;
import dev.hivemind.api.DeployRequest;
import dev.hivemind.api.DeploymentException;
import dev.hivemind.api.DeploymentState;
import dev.hivemind.api.HealthCheck;
import dev.hivemind.api.PendingGate;
import dev.hivemind.api.RolloutPolicy;
import dev.hivemind.api.RolloutProgress;
import dev.hivemind.api.StageName;
import dev.hivemind.api.StageStatus;
import dev.hivemind.api.Status;
import dev.hivemind.api.Strategy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rollout pause inside the deploy stage (a canary step without a pause): deferred, the run waits at the deploy stage
 * with the target's plan and the rollout's progress saved; approve runs the stage again with the progress to resume
 * from; approved or rejected at once, the stage goes on or fails.
 */
class RolloutPauseTest {
    @RegisterExtension
    static final ConductorWorld world = new ConductorWorld();
    private final Fixture fixture = world.newFixture();

    @Test
    void aDeferredPauseLeavesTheRunAwaitingApprovalAndApproveResumesTheRollout() {
        DeploymentState initial = canary();

        DeploymentState waiting = conductor(Approver.DEFER).start(initial, Map.of(), RunRange.all());

        assertThat(waiting.status()).isEqualTo(Status.AWAITING_APPROVAL);
        PendingGate gate = waiting.pendingGate().orElseThrow();
        assertThat(gate.stage()).isEqualTo(StageName.DEPLOY);
        assertThat(gate.plan()).containsExactly("canary " + initial.deploymentId() + " keeps 25 % of traffic",
                "then promote it");
        assertThat(waiting.rollout()).map(RolloutProgress::phase).contains(RolloutProgress.AWAITING_APPROVAL);
        assertThat(waiting.stage(StageName.HARDEN).orElseThrow().status()).isEqualTo(StageStatus.PENDING);
        assertThat(fixture.store.load(initial.deploymentId()).rollout()).isEqualTo(waiting.rollout());
        assertThat(fixture.target.releases()).hasSize(1);
        assertThat(fixture.target.releases().getFirst().rollout().replicas()).isEqualTo(3);

        DeploymentState approved = conductor(Approver.DEFER).approve(initial.deploymentId());

        assertThat(approved.status()).isEqualTo(Status.COMPLETE);
        assertThat(fixture.target.releases()).hasSize(2);
        assertThat(fixture.target.releases().get(1).resume()).map(RolloutProgress::step).contains(1);
    }

    @Test
    void anApprovedPauseGoesOnInTheSameRun() {
        DeploymentState done = conductor(Approver.AUTO).start(canary(), Map.of(), RunRange.all());

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(done.rollout()).map(RolloutProgress::phase).contains("approved");
        assertThat(fixture.target.releases()).hasSize(1);
    }

    @Test
    void aRejectedPauseFailsTheDeploymentWithoutRetrying() {
        DeploymentState initial = canary();

        assertThatThrownBy(() -> conductor(gate -> new ApprovalDecision.Rejected("rejected at the prompt"))
                .start(initial, Map.of(), RunRange.all())).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("was rejected at the pause: rejected at the prompt");

        assertThat(fixture.store.load(initial.deploymentId()).status()).isEqualTo(Status.FAILED);
        assertThat(fixture.target.releases()).hasSize(1);
    }

    private Conductor conductor(Approver approver) {
        return new Conductor(fixture.store, Pipeline.standard(fixture.services()), RetryPolicy.defaults(),
                fixture.clock, fixture.sleeper, fixture.listener, approver);
    }

    private DeploymentState canary() {
        DeploymentState plain = fixture.newDeployment();
        DeployRequest request = new DeployRequest(fixture.source.toString(), Optional.empty(), Strategy.CANARY,
                Optional.empty(), false, HealthCheck.defaults(), false, "dev", List.of(), Optional.empty(), false,
                RolloutPolicy.defaults().withReplicas(3));
        return DeploymentState.initial(plain.deploymentId(), "shop", "local", "canary", request,
                fixture.clock.instant());
    }
}
