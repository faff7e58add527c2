package dev.hivemind.runtime.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What one release's share of an app's traffic looked like over a sliding window ending now, as the edge proxy saw it.
 *
 * @param releaseId        the release
 * @param requests         requests routed to the release that finished in the window
 * @param serverErrors     answers with a 5xx status from the release itself
 * @param connectionErrors requests the release did not answer, so the edge proxy did: no instance ready or too many
 *                         requests held by its instance (503), connection refused or reset (502), no answer within
 *                         the request timeout (504)
 * @param errorRate        {@code (serverErrors + connectionErrors) / requests} as a fraction 0..1; 0 without requests
 * @param p50Millis        median latency through the proxy; 0 without requests
 * @param p95Millis        95th percentile latency; 0 without requests
 * @param p99Millis        99th percentile latency; 0 without requests
 * @param window           the window the numbers cover
 */
public record ReleaseTraffic(String releaseId, long requests, long serverErrors, long connectionErrors,
                             double errorRate, double p50Millis, double p95Millis, double p99Millis, Duration window) {

    public ReleaseTraffic {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(window, "window");
        if (requests < 0 || serverErrors < 0 || connectionErrors < 0 || errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("invalid traffic of release " + releaseId + ": " + requests
                    + " requests, " + serverErrors + " 5xx, " + connectionErrors + " connection errors, error rate "
                    + errorRate);
        }
    }

    /** No traffic at all over the window. */
    public static ReleaseTraffic none(String releaseId, Duration window) {
        return new ReleaseTraffic(releaseId, 0, 0, 0, 0, 0, 0, 0, window);
    }

    /** The error rate in percent, for people. */
    public double errorPercent() {
        return errorRate * 100;
    }
}
