package dev.hivemind.api.rollout;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a canary or rolling update stands, kept in the state so {@code hivemind status} can show it.
 *
 * @param strategy     the strategy rolling out
 * @param step         the current step, from 1
 * @param steps        how many steps there are
 * @param weight       the new release's share of traffic (canary) or of replicas (rolling), in percent
 * @param phase        what happens now, in words ({@code analysing}, {@code awaiting approval}, {@code promoted}, ...)
 * @param lastAnalysis the last analysis's verdict and figures, if any
 */
public record RolloutProgress(Strategy strategy, int step, int steps, int weight, String phase,
                              Optional<String> lastAnalysis) {
    /** The phase of a rollout held at a pause until {@code hivemind approve ID}. */
    public static final String AWAITING_APPROVAL = "awaiting approval";

    /** Whether the rollout is held at a pause for a person's approval. */
    public boolean awaitingApproval() {
        return AWAITING_APPROVAL.equals(phase);
    }

    /** This progress in another phase. */
    public RolloutProgress inPhase(String next) {
        return new RolloutProgress(strategy, step, steps, weight, next, lastAnalysis);
    }
    public RolloutProgress {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(lastAnalysis, "lastAnalysis");
    }
}
