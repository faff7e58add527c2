package dev.hivemind.runtime.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the agent decides that a fresh instance is healthy: it requests {@code path} on the instance's port every
 * {@code interval}, each request limited to {@code timeout}; {@code threshold} consecutive 2xx/3xx answers pass, and
 * an instance that has not passed within {@code startupDeadline} is unhealthy.
 *
 * @param path            the path requested, starting with {@code /}
 * @param interval        the pause between probes
 * @param timeout         the limit of one probe
 * @param threshold       how many consecutive successes pass
 * @param startupDeadline how long an instance may take to pass
 */
public record HealthSettings(String path, Duration interval, Duration timeout, int threshold, Duration startupDeadline) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_THRESHOLD = 3;
    public static final Duration DEFAULT_STARTUP_DEADLINE = Duration.ofSeconds(60);

    public HealthSettings {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("health path must start with '/', got '" + path + "'");
        }
        requirePositive(interval, "health interval");
        requirePositive(timeout, "health timeout");
        requirePositive(startupDeadline, "startup deadline");
        if (threshold < 1) {
            throw new IllegalArgumentException("health threshold must be at least 1, got " + threshold);
        }
    }

    /** The brief's defaults: every 1 s, 5 s per probe, 3 consecutive successes, within 60 s. */
    public static HealthSettings defaults(String path) {
        return new HealthSettings(path, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_THRESHOLD, DEFAULT_STARTUP_DEADLINE);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
