package dev.hivemind.api.rollout;

import dev.hivemind.api.Target;
import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@link Target#deploy} when a rollout stopped at a pause that waits for a person and nobody could answer:
 * both releases keep running with their weights, {@code progress} says where, and deploying the same release again
 * with {@link Target.ReleaseSpec#resume()} set continues from the next step. Not a failure.
 */
public final class RolloutPaused extends RuntimeException {
    private final transient RolloutProgress progress;
    private final transient List<String> plan;

    public RolloutPaused(RolloutProgress progress, List<String> plan) {
        super("rollout paused at step " + progress.step() + " of " + progress.steps() + " (" + progress.weight()
                + " %), waiting for approval");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.plan = List.copyOf(plan);
    }

    /** Where the rollout stands. */
    public RolloutProgress progress() {
        return progress;
    }

    /** What happens once it is approved. */
    public List<String> plan() {
        return plan;
    }
}
