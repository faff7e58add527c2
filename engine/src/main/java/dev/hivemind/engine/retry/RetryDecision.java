package dev.hivemind.engine.retry;

import java.time.Duration;
import java.util.Objects;

/** What to do after a failed attempt. */
public sealed interface RetryDecision {

    /** Try again after {@code delay}; {@code nextAttempt} of {@code maxAttempts}. */
    record RetryAfter(Duration delay, int nextAttempt, int maxAttempts) implements RetryDecision {
        public RetryAfter {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Stop: the failure is final, for the reason given. */
    record GiveUp(String reason) implements RetryDecision {
        public GiveUp {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
