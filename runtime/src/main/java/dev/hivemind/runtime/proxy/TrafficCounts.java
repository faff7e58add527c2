package dev.hivemind.runtime.proxy;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free counters of finished requests: how many, how many failed and how, and their latency histogram. Many
 * request threads add at once; a reader takes a {@link Tally} that may be a request or two behind, never torn.
 */
public final class TrafficCounts {
    /** How a request through the proxy ended. */
    enum Outcome {
        /** Answered with a status below 500, by the release or (a client error, a redirect) by the proxy. */
        ANSWERED,
        /** The release answered with a 5xx status. */
        SERVER_ERROR,
        /**
         * The release did not answer, so the proxy did: no instance ready (503), too many requests waiting for the
         * instance (503), connection refused or reset (502), no answer within the request timeout (504).
         */
        CONNECTION_ERROR,
        /** The client went away before its answer was complete (nginx logs it as 499): counted, not an error. */
        ABANDONED;

        static Outcome of(int status) {
            return status >= 500 ? SERVER_ERROR : ANSWERED;
        }
    }

    private final LongAdder requests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder connectionErrors = new LongAdder();
    private final DoubleAdder seconds = new DoubleAdder();
    private final AtomicLongArray buckets = new AtomicLongArray(LatencyHistogram.BUCKETS);

    void record(Outcome outcome, long nanos) {
        requests.increment();
        switch (outcome) {
            case ANSWERED, ABANDONED -> { }
            case SERVER_ERROR -> serverErrors.increment();
            case CONNECTION_ERROR -> connectionErrors.increment();
        }
        seconds.add(nanos / 1e9);
        buckets.incrementAndGet(LatencyHistogram.bucket(nanos));
    }

    Tally tally() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
        }
        return new Tally(requests.sum(), serverErrors.sum(), connectionErrors.sum(), seconds.sum(), counts);
    }

    /**
     * Counts read at one moment.
     *
     * @param buckets requests per latency bucket of {@link LatencyHistogram} (not cumulative)
     */
    public record Tally(long requests, long serverErrors, long connectionErrors, double seconds, long[] buckets) {
        static final Tally ZERO = new Tally(0, 0, 0, 0, new long[LatencyHistogram.BUCKETS]);

        public Tally {
            buckets = buckets.clone();
        }

        Tally plus(Tally other) {
            long[] sum = buckets.clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.buckets[i];
            }
            return new Tally(requests + other.requests, serverErrors + other.serverErrors,
                    connectionErrors + other.connectionErrors, seconds + other.seconds, sum);
        }

        @Override
        public long[] buckets() {
            return buckets.clone();
        }
    }
}
