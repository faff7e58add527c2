package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.PendingGate;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.retry.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
