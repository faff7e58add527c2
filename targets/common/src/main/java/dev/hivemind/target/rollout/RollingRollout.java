package dev.hivemind.target.rollout;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import java.util.List;
import java.util.Map;

/**
 * Replaces the replicas of the running release in batches (by default 25 → 50 → 100 %): each batch starts that share
 * of new instances, health-gated, routes to them in proportion to the ready instances, then takes as many old ones
 * out of rotation (drained, stopped). A batch whose instances do not become ready rolls back: the old release is
 * brought back to its replicas with all traffic, the new one stopped.
 */
final class RollingRollout {
    private final TrafficControl traffic;

    RollingRollout(TrafficControl traffic) {
        this.traffic = traffic;
    }

    /**
     * @throws DeploymentException naming the batch that failed and why, after rolling back
     */
    TrafficControl.Promotion roll(String app, String old, Release release, RolloutPolicy policy, Progress progress) {
        String fresh = release.releaseId();
        int oldReplicas = Math.max(1, traffic.readyReplicas(app, old));
        int target = policy.replicas();
        List<Integer> batches = policy.rollingBatches();
        progress.line("rolling " + oldReplicas + " replica(s) of " + old + " to " + target + " of " + fresh
                + " in batches of " + batches.stream().map(b -> b + " %").toList());
        int started = 0;
        int oldLeft = oldReplicas;
        for (int index = 0; index < batches.size(); index++) {
            int percent = batches.get(index);
            int wanted = share(target, percent);
            int keepOld = oldReplicas - share(oldReplicas, percent);
            progress.rollout(progress(index, batches.size(), percent, "starting " + wanted + " of " + target));
            try {
                if (started == 0) {
                    traffic.start(app, release, policy, wanted, progress);
                } else if (wanted > started) {
                    traffic.scale(app, fresh, wanted, progress);
                }
            } catch (DeploymentException failed) {
                throw rollBack(app, old, fresh, oldReplicas, oldLeft, index, batches, failed, progress);
            }
            started = wanted;
            if (keepOld == 0) {
                break;
            }
            traffic.weights(app, Map.of(old, oldLeft, fresh, started));
            traffic.scale(app, old, keepOld, progress);
            oldLeft = keepOld;
            traffic.weights(app, Map.of(old, oldLeft, fresh, started));
            progress.line("batch " + (index + 1) + " of " + batches.size() + ": " + started + " of " + fresh + ", "
                    + oldLeft + " of " + old + " serving");
        }
        TrafficControl.Promotion promotion = traffic.promote(app, fresh, policy.drainTimeout());
        progress.rollout(progress(batches.size() - 1, batches.size(), 100, "complete"));
        progress.line("rolled " + app + " to " + fresh + " (" + started + " replica(s)); " + old + " drained and stopped");
        return promotion;
    }

    /** {@code percent} of {@code count}, rounded up. */
    static int share(int count, int percent) {
        return (int) Math.ceil(count * percent / 100.0);
    }

    private DeploymentException rollBack(String app, String old, String fresh, int oldReplicas, int oldLeft, int index,
                                         List<Integer> batches, DeploymentException failed, Progress progress) {
        String batch = "batch " + (index + 1) + " of " + batches.size() + " (" + batches.get(index) + " %)";
        progress.line(batch + " failed; rolling back to " + oldReplicas + " replica(s) of " + old);
        traffic.weights(app, Map.of(old, 100));
        traffic.stop(app, fresh);
        if (oldLeft < oldReplicas) {
            traffic.scale(app, old, oldReplicas, progress);
        }
        progress.rollout(progress(index, batches.size(), 0, "rolled back"));
        return DeploymentException.aborted(Agent.DEPLOYER, "rolling " + batch + " of release " + fresh + " failed: "
                + failed.getMessage() + "; rolled back: " + old + " serves with " + oldReplicas + " replica(s)",
                "Rolling update of " + app + ". " + failed.context(), failed.remediation());
    }

    private static RolloutProgress progress(int index, int batches, int percent, String phase) {
        return new RolloutProgress(Strategy.ROLLING, index + 1, batches, percent, phase, java.util.Optional.empty());
    }
}
