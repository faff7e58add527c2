package dev.hivemind.api;

import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.state.ApprovalDecision;
import java.util.List;

/**
 * Receives progress from long work (clone progress, build output, health waits) and, from a rollout, where it stands
 * and the question whether it may pass a pause that waits for a person.
 */
@FunctionalInterface
public interface Progress {
    void line(String text);

    /** Where a canary or rolling update stands now; the engine keeps the latest in the deployment's state. */
    default void rollout(RolloutProgress progress) {
    }

    /**
     * Asks whether a rollout may go past a pause that waits for a person ({@code plan}: what happens next). The
     * default defers: the deployment waits for {@code hivemind approve ID}.
     */
    default ApprovalDecision approval(List<String> plan) {
        return new ApprovalDecision.Deferred();
    }

    static Progress none() {
        return text -> { };
    }
}
