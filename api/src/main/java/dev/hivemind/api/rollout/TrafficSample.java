package dev.hivemind.api.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * What one release served over a window, as the proxy in front of it saw it: the figures a canary analysis compares.
 *
 * @param releaseId the release
 * @param requests  requests answered or failed
 * @param errors    5xx answers plus connection errors
 * @param p95Millis the 95th percentile latency in milliseconds (0 without requests)
 * @param window    how long the sample covers
 */
public record TrafficSample(String releaseId, long requests, long errors, double p95Millis, Duration window) {
    public TrafficSample {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(window, "window");
        if (requests < 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException("a traffic sample has 0 <= errors <= requests, not " + errors + " of "
                    + requests);
        }
    }

    /** An empty sample: nothing served. */
    public static TrafficSample none(String releaseId, Duration window) {
        return new TrafficSample(releaseId, 0, 0, 0, window);
    }

    /** Errors as a share of requests, 0..1 (0 without requests). */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }
}
