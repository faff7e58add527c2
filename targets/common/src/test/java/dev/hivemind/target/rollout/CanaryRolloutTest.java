package dev.hivemind.target.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.RetryCategory;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPaused;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryStep;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.TrafficSample;
import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanaryRolloutTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private final List<Duration> holds = new ArrayList<>();
    private final RecordingProgress progress = new RecordingProgress(new ApprovalDecision.Deferred());

    @Test
    void aHealthyCanaryIsPromotedThroughEveryStep() {
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 2).traffic(CanaryRolloutTest::healthy);

        var promotion = canary(agent).roll("shop", "v1", release("v2"), policy(timed(5), timed(25), timed(50),
                new CanaryStep(100, Optional.empty())), Optional.empty(), progress);

        assertThat(agent.calls).containsExactly("start v2 x2", "weights {v1=95, v2=5}", "weights {v1=75, v2=25}",
                "weights {v1=50, v2=50}", "promote v2");
        assertThat(promotion.previousRelease()).contains("v1");
        assertThat(holds).containsExactly(SECOND, SECOND, SECOND);
        assertThat(progress.rollouts.getLast()).isEqualTo(new RolloutProgress(dev.hivemind.api.rollout.Strategy.CANARY, 4, 4,
                100, "promoted", progress.rollouts.getLast().lastAnalysis()));
        assertThat(progress.rollouts.getLast().lastAnalysis().orElseThrow()).startsWith("step 3 (50 %): pass: ");
    }

    @Test
    void aCanaryAnswering500OnAShareOfRequestsIsAbortedAtTheFirstStepWithItsNumbers() {
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 1).traffic((release, weight) ->
                release.equals("v2") ? new TrafficSample(release, 40, 12, 20, SECOND)
                        : new TrafficSample(release, 760, 0, 20, SECOND));

        assertThatThrownBy(() -> canary(agent).roll("shop", "v1", release("v2"), policy(timed(5), timed(50)),
                Optional.empty(), progress)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("canary v2 failed its analysis: canary error rate 30 % (12 of 40) exceeds "
                        + "stable's 0 % + 1 pp = 1 %")
                .hasMessageContaining("aborted at step 1 of 2 (5 %): all traffic is back on v1 and the canary is "
                        + "stopped")
                .satisfies(error -> assertThat(((DeploymentException) error).retryCategory())
                        .as("an aborted canary is not retried").isEqualTo(RetryCategory.NONE));

        assertThat(agent.calls).containsExactly("start v2 x1", "weights {v1=95, v2=5}", "weights {v1=100}",
                "stop v2");
        assertThat(agent.ready).containsOnlyKeys("v1");
        assertThat(progress.rollouts.getLast().phase()).isEqualTo("aborted");
        assertThat(progress.rollouts.getLast().lastAnalysis().orElseThrow()).contains("fail: canary error rate 30 %");
    }

    @Test
    void tooLittleTrafficIsHeldAgainUpToTheLimitThenFails() {
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 1).traffic((release, weight) ->
                new TrafficSample(release, 3, 0, 10, SECOND));

        assertThatThrownBy(() -> canary(agent).roll("shop", "v1", release("v2"), policy(timed(5), timed(50)),
                Optional.empty(), progress)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("canary v2 stayed inconclusive after 4 hold(s) of 1 s: canary served 3 "
                        + "request(s) in 1 s, fewer than the 20 needed to judge it");

        assertThat(holds).hasSize(4);
        assertThat(agent.weights()).isEqualTo(Map.of("v1", 100));
    }

    @Test
    void anInconclusiveStepPassesOnceEnoughTrafficCame() {
        int[] calls = {0};
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 1).traffic((release, weight) ->
                new TrafficSample(release, release.equals("v2") && calls[0]++ < 1 ? 3 : 100, 0, 10, SECOND));

        canary(agent).roll("shop", "v1", release("v2"), policy(timed(5)), Optional.empty(), progress);

        assertThat(holds).hasSize(2);
        assertThat(agent.calls).endsWith("promote v2");
    }

    @Test
    void aStepWithoutAPauseStopsForApprovalAndTheResumedRunContinuesWithoutRestartingTheCanary() {
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 1).traffic(CanaryRolloutTest::healthy);
        RolloutPolicy policy = policy(timed(10), new CanaryStep(50, Optional.empty()), timed(75));

        RolloutPaused paused = org.junit.jupiter.api.Assertions.assertThrows(RolloutPaused.class, () ->
                canary(agent).roll("shop", "v1", release("v2"), policy, Optional.empty(), progress));

        assertThat(paused.progress().step()).isEqualTo(2);
        assertThat(paused.progress().awaitingApproval()).isTrue();
        assertThat(paused.plan()).containsExactly("canary v2 keeps 50 % of traffic, stable v1 50 %",
                "then continue the canary from step 3 of 3 and promote it after the last");
        assertThat(agent.weights()).isEqualTo(Map.of("v1", 50, "v2", 50));
        assertThat(agent.ready).containsKeys("v1", "v2");

        agent.calls.clear();
        canary(agent).roll("shop", "v1", release("v2"), policy, Optional.of(paused.progress()), progress);

        assertThat(agent.calls).containsExactly("weights {v1=25, v2=75}", "promote v2");
    }

    @Test
    void aRejectedPauseAbortsLikeAFailedAnalysis() {
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 1).traffic(CanaryRolloutTest::healthy);
        RecordingProgress rejecting = new RecordingProgress(new ApprovalDecision.Rejected("rejected at the prompt"));

        assertThatThrownBy(() -> canary(agent).roll("shop", "v1", release("v2"),
                policy(new CanaryStep(20, Optional.empty())), Optional.empty(), rejecting))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("canary v2 was rejected at the pause: rejected at the prompt; aborted at step 1");

        assertThat(agent.calls).endsWith("weights {v1=100}", "stop v2");
    }

    @Test
    void anApprovedPauseGoesOnAtOnce() {
        FakeTrafficControl agent = new FakeTrafficControl().serving("v1", 1).traffic(CanaryRolloutTest::healthy);
        RecordingProgress approving = new RecordingProgress(new ApprovalDecision.Approved("--auto-approve"));

        canary(agent).roll("shop", "v1", release("v2"), policy(new CanaryStep(20, Optional.empty())),
                Optional.empty(), approving);

        assertThat(agent.calls).containsExactly("start v2 x1", "weights {v1=80, v2=20}", "promote v2");
    }

    private CanaryRollout canary(FakeTrafficControl agent) {
        return new CanaryRollout(agent, holds::add);
    }

    private static TrafficSample healthy(String release, int weight) {
        return new TrafficSample(release, weight * 10L, 0, 15, SECOND);
    }

    private static CanaryStep timed(int weight) {
        return new CanaryStep(weight, Optional.of(SECOND));
    }

    private static RolloutPolicy policy(CanaryStep... steps) {
        RolloutPolicy defaults = RolloutPolicy.defaults();
        return new RolloutPolicy(steps.length > 3 ? 2 : 1, List.of(steps), defaults.analysis(),
                defaults.rollingBatches(), Optional.empty(), Optional.empty(), SECOND, SECOND, defaults.crashLoop());
    }

    static Release release(String id) {
        return new Release(id, "/tmp/" + id, "node server.js", "/health", HealthCheck.defaults(), Map.of(),
                "2026-12-06T00:00:00Z");
    }

    /** Progress that keeps the rollout states and answers every pause the same way. */
    static final class RecordingProgress implements Progress {
        final List<String> lines = new ArrayList<>();
        final List<RolloutProgress> rollouts = new ArrayList<>();
        private final ApprovalDecision decision;

        RecordingProgress(ApprovalDecision decision) {
            this.decision = decision;
        }

        @Override
        public void line(String text) {
            lines.add(text);
        }

        @Override
        public void rollout(RolloutProgress progress) {
            rollouts.add(progress);
        }

        @Override
        public ApprovalDecision approval(List<String> plan) {
            return decision;
        }
    }
}
