package dev.hivemind.runtime.proxy;

import dev.hivemind.runtime.client.ReleaseTraffic;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One release's traffic through the edge proxy: totals since the agent started (for Prometheus) and a ring of
 * one-second buckets covering the last ten minutes (for sliding windows). Recording touches one bucket's adders; a
 * bucket from an earlier lap of the ring is replaced by a fresh one with a compare-and-set, never under a lock.
 */
public final class ReleaseMetrics {
    /** The longest window {@link #traffic} covers. */
    public static final Duration MAX_WINDOW = Duration.ofMinutes(10);
    private static final int SLOTS = (int) MAX_WINDOW.toSeconds();

    private final String releaseId;
    private final InstantSource clock;
    private final TrafficCounts total = new TrafficCounts();
    private final AtomicReferenceArray<Second> ring = new AtomicReferenceArray<>(SLOTS);

    /** The requests that finished within one second of the clock. */
    private record Second(long epochSecond, TrafficCounts counts) {
    }

    ReleaseMetrics(String releaseId, InstantSource clock) {
        this.releaseId = releaseId;
        this.clock = clock;
    }

    String releaseId() {
        return releaseId;
    }

    /** Counts a finished request that took {@code nanos}. */
    void record(TrafficCounts.Outcome outcome, long nanos) {
        total.record(outcome, nanos);
        current().counts().record(outcome, nanos);
    }

    /** Everything counted since the agent started. */
    TrafficCounts.Tally total() {
        return total.tally();
    }

    /** The traffic over the window ending now, whole seconds, at least 1 s and at most {@link #MAX_WINDOW}. */
    ReleaseTraffic traffic(Duration window) {
        long seconds = windowSeconds(window);
        long now = nowSecond();
        TrafficCounts.Tally sum = TrafficCounts.Tally.ZERO;
        for (int i = 0; i < SLOTS; i++) {
            Second slot = ring.get(i);
            if (slot != null && slot.epochSecond() > now - seconds && slot.epochSecond() <= now) {
                sum = sum.plus(slot.counts().tally());
            }
        }
        return of(sum, Duration.ofSeconds(seconds));
    }

    private ReleaseTraffic of(TrafficCounts.Tally tally, Duration window) {
        if (tally.requests() == 0) {
            return ReleaseTraffic.none(releaseId, window);
        }
        long[] buckets = tally.buckets();
        double errorRate = (double) (tally.serverErrors() + tally.connectionErrors()) / tally.requests();
        return new ReleaseTraffic(releaseId, tally.requests(), tally.serverErrors(), tally.connectionErrors(),
                Math.min(1, errorRate), LatencyHistogram.percentileMillis(buckets, 0.50),
                LatencyHistogram.percentileMillis(buckets, 0.95), LatencyHistogram.percentileMillis(buckets, 0.99),
                window);
    }

    /** Whether no request finished within the last {@link #MAX_WINDOW}: no window would show this release. */
    boolean idle() {
        long oldest = nowSecond() - SLOTS;
        for (int i = 0; i < SLOTS; i++) {
            Second slot = ring.get(i);
            if (slot != null && slot.epochSecond() > oldest) {
                return false;
            }
        }
        return true;
    }

    static long windowSeconds(Duration window) {
        long seconds = (window.toMillis() + 999) / 1000;
        return Math.clamp(seconds, 1, SLOTS);
    }

    private Second current() {
        long now = nowSecond();
        int index = (int) Math.floorMod(now, SLOTS);
        while (true) {
            Second slot = ring.get(index);
            if (slot != null && slot.epochSecond() >= now) {
                // the current second, or a later one when the wall clock stepped back: count it there
                return slot;
            }
            Second fresh = new Second(now, new TrafficCounts());
            if (ring.compareAndSet(index, slot, fresh)) {
                return fresh;
            }
        }
    }

    private long nowSecond() {
        return Math.floorDiv(clock.millis(), 1000);
    }
}
