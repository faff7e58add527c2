package dev.hivemind.api;

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
    public RolloutProgress {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(lastAnalysis, "lastAnalysis");
    }
}
