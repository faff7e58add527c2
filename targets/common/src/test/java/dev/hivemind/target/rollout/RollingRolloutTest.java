package dev.hivemind.target.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.state.ApprovalDecision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollingRolloutTest {
    private final CanaryRolloutTest.RecordingProgress progress =
            new CanaryRolloutTest.RecordingProgress(new ApprovalDecision.Deferred());

    @Test
    void fourReplicasAreReplacedInBatchesOf25And50And100Percent() {
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 4);

        var promotion = new RollingRollout(agent).roll("shop", "v1", CanaryRolloutTest.release("v2"),
                RolloutPolicy.defaults().withReplicas(4), progress);

        assertThat(agent.calls).containsExactly(
                "start v2 x1", "weights {v1=4, v2=1}", "scale v1 x3", "weights {v1=3, v2=1}",
                "scale v2 x2", "weights {v1=3, v2=2}", "scale v1 x2", "weights {v1=2, v2=2}",
                "scale v2 x4", "promote v2");
        assertThat(promotion.previousRelease()).contains("v1");
        assertThat(agent.ready).isEqualTo(Map.of("v2", 4));
        assertThat(progress.rollouts.getLast().phase()).isEqualTo("complete");
    }

    @Test
    void aBatchThatFailsItsHealthCheckRollsBackToTheOldReplicas() {
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 4).failingBeyond("v2", 1);

        assertThatThrownBy(() -> new RollingRollout(agent).roll("shop", "v1", CanaryRolloutTest.release("v2"),
                RolloutPolicy.defaults().withReplicas(4), progress)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("rolling batch 2 of 3 (50 %) of release v2 failed: instance 2 of v2 never became "
                        + "healthy; rolled back: v1 serves with 4 replica(s)")
                .satisfies(error -> assertThat(((DeploymentException) error).retryCategory())
                        .isEqualTo(dev.hivemind.api.error.RetryCategory.NONE));

        assertThat(agent.ready).isEqualTo(Map.of("v1", 4));
        assertThat(agent.weights()).isEqualTo(Map.of("v1", 100));
        assertThat(agent.calls).endsWith("weights {v1=100}", "stop v2", "scale v1 x4");
        assertThat(progress.rollouts.getLast().phase()).isEqualTo("rolled back");
    }

    @Test
    void aFirstBatchThatFailsLeavesTheOldReleaseUntouched() {
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 4).failingBeyond("v2", 0);

        assertThatThrownBy(() -> new RollingRollout(agent).roll("shop", "v1", CanaryRolloutTest.release("v2"),
                RolloutPolicy.defaults().withReplicas(4), progress)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("rolling batch 1 of 3 (25 %)");

        assertThat(agent.calls).containsExactly("start v2 x1", "weights {v1=100}", "stop v2");
        assertThat(agent.ready).isEqualTo(Map.of("v1", 4));
    }

    @Test
    void sharesRoundUp() {
        assertThat(RollingRollout.share(3, 25)).isEqualTo(1);
        assertThat(RollingRollout.share(3, 50)).isEqualTo(2);
        assertThat(RollingRollout.share(1, 25)).isEqualTo(1);
        assertThat(RollingRollout.share(4, 100)).isEqualTo(4);
    }
}
