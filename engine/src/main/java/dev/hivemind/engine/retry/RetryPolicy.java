package dev.hivemind.engine.retry;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.RetryCategory;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides from a failure's {@link RetryCategory} whether to try a stage again and after how long. Stateless:
 * the caller counts attempts. Failures that are not {@link HiveMindException}s are never retried, nor is an
 * interrupt.
 *
 * @param network    clone, SSH, HTTP to a target (default: 3 attempts, 2 s then 4 s)
 * @param throttling cloud API throttling (default: 5 attempts, 1 s doubling)
 * @param deploy     starting or switching a release (default: 2 attempts, 2 s)
 */
public record RetryPolicy(RetrySettings network, RetrySettings throttling, RetrySettings deploy) {

    public RetryPolicy {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(throttling, "throttling");
        Objects.requireNonNull(deploy, "deploy");
    }

    /** The brief's defaults. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(RetrySettings.exponential(3, Duration.ofSeconds(2)),
                RetrySettings.exponential(5, Duration.ofSeconds(1)),
                RetrySettings.exponential(2, Duration.ofSeconds(2)));
    }

    /** A policy that never retries. */
    public static RetryPolicy never() {
        return new RetryPolicy(RetrySettings.never(), RetrySettings.never(), RetrySettings.never());
    }

    /** The settings for a category; {@link RetryCategory#NONE} is never retried. */
    public RetrySettings settingsFor(RetryCategory category) {
        return switch (category) {
            case NETWORK -> network;
            case THROTTLING -> throttling;
            case DEPLOY -> deploy;
            case NONE -> RetrySettings.never();
        };
    }

    /**
     * Decides after attempt number {@code attemptsMade} (1-based) failed with {@code failure}.
     */
    public RetryDecision decide(Throwable failure, int attemptsMade) {
        if (interrupted(failure)) {
            return new RetryDecision.GiveUp("interrupted");
        }
        if (!(failure instanceof HiveMindException error)) {
            return new RetryDecision.GiveUp("an unexpected " + failure.getClass().getSimpleName() + " is not retried");
        }
        RetrySettings settings = settingsFor(error.retryCategory());
        if (attemptsMade >= settings.maxAttempts()) {
            return new RetryDecision.GiveUp(settings.maxAttempts() == 1
                    ? "a " + error.errorType() + " is not retried"
                    : "attempt " + attemptsMade + " of " + settings.maxAttempts() + " failed");
        }
        return new RetryDecision.RetryAfter(settings.delayAfter(attemptsMade), attemptsMade + 1,
                settings.maxAttempts());
    }

    /** Whether the failure is, or was caused by, an interrupt, or the current thread has been interrupted. */
    public static boolean interrupted(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
            // InterruptedIOException's subclasses (socket timeouts) are not interrupts, so the class must match
            if (cause instanceof InterruptedException || cause instanceof ClosedByInterruptException
                    || cause.getClass() == InterruptedIOException.class) {
                return true;
            }
        }
        return false;
    }
}
