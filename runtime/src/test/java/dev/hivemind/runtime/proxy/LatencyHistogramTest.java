package dev.hivemind.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void aLatencyFallsInTheFirstBucketWhoseBoundHoldsIt() {
        assertThat(LatencyHistogram.bucket(0)).isZero();
        assertThat(LatencyHistogram.bucket(Duration.ofMillis(1).toNanos())).isEqualTo(1);
        assertThat(LatencyHistogram.bucket(Duration.ofMillis(4).toNanos())).isEqualTo(4); // 3 < 4 <= 5
        assertThat(LatencyHistogram.bucket(Duration.ofMinutes(5).toNanos())).isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void aPercentileIsInterpolatedInsideItsBucket() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        counts[LatencyHistogram.bucket(Duration.ofMillis(90).toNanos())] = 100; // the 75-100 ms bucket

        assertThat(LatencyHistogram.percentileMillis(counts, 0.5)).isEqualTo(87.5);
        assertThat(LatencyHistogram.percentileMillis(counts, 1.0)).isEqualTo(100.0);
        assertThat(LatencyHistogram.percentileMillis(new long[LatencyHistogram.BUCKETS], 0.99)).isZero();
    }

    @Property(tries = 200)
    void percentilesGrowWithTheQuantileAndStayWithinTheBucketsThatHoldRequests(
            @ForAll @Size(min = 1, max = 200) java.util.List<@LongRange(min = 0, max = 120_000_000_000L) Long> nanos,
            @ForAll @DoubleRange(min = 0.01, max = 0.98) double quantile) {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        nanos.forEach(latency -> counts[LatencyHistogram.bucket(latency)]++);
        double lower = LatencyHistogram.percentileMillis(counts, quantile);
        double higher = LatencyHistogram.percentileMillis(counts, quantile + 0.01);
        long slowest = nanos.stream().mapToLong(Long::longValue).max().orElseThrow();
        double slowestBound = boundOf(LatencyHistogram.bucket(slowest));

        assertThat(higher).isGreaterThanOrEqualTo(lower);
        assertThat(higher).isLessThanOrEqualTo(slowestBound);
        assertThat(lower).isGreaterThan(0);
    }

    private static double boundOf(int bucket) {
        double[] bounds = LatencyHistogram.BOUNDS_MILLIS;
        return bucket < bounds.length ? bounds[bucket] : bounds[bounds.length - 1];
    }
}
