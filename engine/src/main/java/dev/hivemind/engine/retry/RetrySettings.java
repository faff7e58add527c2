package dev.hivemind.engine.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How one category of failure is retried.
 *
 * @param maxAttempts  attempts in all, the first included; 1 means never retried
 * @param initialDelay the wait before the second attempt
 * @param multiplier   each later wait is the previous one times this (2 for exponential backoff)
 */
public record RetrySettings(int maxAttempts, Duration initialDelay, double multiplier) {

    public RetrySettings {
        Objects.requireNonNull(initialDelay, "initialDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative: " + initialDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1: " + multiplier);
        }
    }

    /** {@code maxAttempts} attempts, waiting {@code initialDelay}, then twice as long each time. */
    public static RetrySettings exponential(int maxAttempts, Duration initialDelay) {
        return new RetrySettings(maxAttempts, initialDelay, 2.0);
    }

    /** One attempt only. */
    public static RetrySettings never() {
        return new RetrySettings(1, Duration.ZERO, 1.0);
    }

    /** The wait after failed attempt {@code attempt} (1-based): {@code initialDelay * multiplier^(attempt-1)}. */
    public Duration delayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        double millis = initialDelay.toMillis() * Math.pow(multiplier, attempt - 1);
        return Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE / 2.0));
    }
}
