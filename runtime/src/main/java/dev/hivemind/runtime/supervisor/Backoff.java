package dev.hivemind.runtime.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential restart delays: {@code initial}, twice that, four times ..., never more than {@code max}. A process
 * that ran at least {@code max} before it crashed starts the sequence again.
 *
 * @param initial the first delay
 * @param max     the cap
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** 1 s, 2 s, 4 s ... capped at 30 s. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The delay before restart number {@code attempt + 1} of a crash streak (attempt 0 is the first restart). */
    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
        }
        Duration delay = initial;
        for (int i = 0; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** Whether a process that ran for {@code uptime} before crashing starts a new streak. */
    public boolean resetsAfter(Duration uptime) {
        return uptime.compareTo(max) >= 0;
    }
}
