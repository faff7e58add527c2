package dev.hivemind.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits the stages work within.
 *
 * @param toolTimeout    how long {@code <tool> --version} may take in preflight
 * @param diskWarnBytes  free space in HIVEMIND_HOME under which preflight warns
 * @param diskFailBytes  free space under which preflight fails
 * @param probeTimeout   how long one validation request may take
 * @param probeAttempts  validation requests made before giving up
 * @param probeInterval  the wait between validation requests
 * @param loadRequests   the requests of the load sample when the configuration names no number
 * @param loadRate       its requests per second when the configuration names no rate
 */
public record StageSettings(
        Duration toolTimeout, long diskWarnBytes, long diskFailBytes, Duration probeTimeout,
        int probeAttempts, Duration probeInterval, int loadRequests, double loadRate) {
    /** The load sample's size when neither the settings nor the configuration name one. */
    public static final int DEFAULT_LOAD_REQUESTS = 200;
    /** The load sample's requests per second when neither the settings nor the configuration name one. */
    public static final double DEFAULT_LOAD_RATE = 50;

    private static final long MIB = 1024L * 1024L;

    public StageSettings {
        Objects.requireNonNull(toolTimeout, "toolTimeout");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (diskFailBytes < 0 || diskWarnBytes < diskFailBytes) {
            throw new IllegalArgumentException("need 0 <= diskFailBytes <= diskWarnBytes, got " + diskFailBytes
                    + " and " + diskWarnBytes);
        }
        if (probeAttempts < 1) {
            throw new IllegalArgumentException("probeAttempts must be at least 1: " + probeAttempts);
        }
        if (loadRequests < 1 || !(loadRate > 0)) {
            throw new IllegalArgumentException("the load sample needs at least 1 request at a positive rate, got "
                    + loadRequests + " at " + loadRate + "/s");
        }
    }

    /** Settings with the default load sample: 200 requests at 50 per second. */
    public StageSettings(Duration toolTimeout, long diskWarnBytes, long diskFailBytes, Duration probeTimeout,
                         int probeAttempts, Duration probeInterval) {
        this(toolTimeout, diskWarnBytes, diskFailBytes, probeTimeout, probeAttempts, probeInterval,
                DEFAULT_LOAD_REQUESTS, DEFAULT_LOAD_RATE);
    }

    /** 10 s per tool, warn under 1 GiB and fail under 100 MiB free, 3 probes of 5 s, 1 s apart, 200 requests at 50/s. */
    public static StageSettings defaults() {
        return new StageSettings(Duration.ofSeconds(10), 1024 * MIB, 100 * MIB, Duration.ofSeconds(5), 3,
                Duration.ofSeconds(1));
    }
}
