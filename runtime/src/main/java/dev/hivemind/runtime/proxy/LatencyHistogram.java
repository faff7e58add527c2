package dev.hivemind.runtime.proxy;

import java.util.Arrays;

/**
 * The fixed latency buckets the proxy counts requests in, and the percentile estimate drawn from bucket counts.
 * Fixed buckets keep recording to one array index increment; a percentile is interpolated linearly inside the bucket
 * that holds it, so its error is at most that bucket's width.
 */
final class LatencyHistogram {
    /** Upper bounds in milliseconds of every finite bucket; one more bucket, +Inf, takes the rest. */
    static final double[] BOUNDS_MILLIS = {0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 25, 35, 50, 75, 100, 150, 200, 250, 350,
        500, 750, 1_000, 1_500, 2_000, 2_500, 5_000, 10_000, 30_000, 60_000};
    /** The number of buckets, +Inf included. */
    static final int BUCKETS = BOUNDS_MILLIS.length + 1;

    private LatencyHistogram() {
    }

    /** The bucket a latency falls in: the first whose upper bound is at least the latency. */
    static int bucket(long nanos) {
        double millis = nanos / 1e6;
        int found = Arrays.binarySearch(BOUNDS_MILLIS, millis);
        return found >= 0 ? found : -found - 1;
    }

    /**
     * The latency below which a fraction {@code quantile} (0..1) of the counted requests fell, in milliseconds; 0
     * when nothing was counted. Requests in the +Inf bucket are taken to be at the last finite bound.
     */
    static double percentileMillis(long[] counts, double quantile) {
        long total = Arrays.stream(counts).sum();
        if (total == 0) {
            return 0;
        }
        double rank = Math.max(1, Math.ceil(quantile * total));
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && below + counts[i] >= rank) {
                if (i >= BOUNDS_MILLIS.length) {
                    return BOUNDS_MILLIS[BOUNDS_MILLIS.length - 1];
                }
                double lower = i == 0 ? 0 : BOUNDS_MILLIS[i - 1];
                return lower + (BOUNDS_MILLIS[i] - lower) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        return BOUNDS_MILLIS[BOUNDS_MILLIS.length - 1];
    }
}
