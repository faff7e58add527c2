package dev.hivemind.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hivemind.runtime.client.ReleaseTraffic;
import dev.hivemind.runtime.client.Wire;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReleaseMetricsTest {
    final AtomicLong now = new AtomicLong(Instant.parse("2026-12-06T10:00:00Z").toEpochMilli());
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final ReleaseMetrics metrics = new ReleaseMetrics("r1", clock);

    @Test
    void countsRequestsErrorsAndTheErrorRateOverTheWindow() {
        // given 90 answers, 6 server errors and 4 connection errors within one second
        record(90, TrafficCounts.Outcome.ANSWERED, 10);
        record(6, TrafficCounts.Outcome.SERVER_ERROR, 10);
        record(4, TrafficCounts.Outcome.CONNECTION_ERROR, 10);

        // when the last 30 s are read
        ReleaseTraffic traffic = metrics.traffic(Duration.ofSeconds(30));

        // then
        assertThat(traffic.requests()).isEqualTo(100);
        assertThat(traffic.serverErrors()).isEqualTo(6);
        assertThat(traffic.connectionErrors()).isEqualTo(4);
        assertThat(traffic.errorRate()).isCloseTo(0.10, within(1e-9));
        assertThat(traffic.window()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRequestWhoseClientLeftCountsAsARequestNotAsAnError() {
        record(3, TrafficCounts.Outcome.ABANDONED, 10);
        record(1, TrafficCounts.Outcome.ANSWERED, 10);

        ReleaseTraffic traffic = metrics.traffic(Duration.ofSeconds(30));

        assertThat(traffic.requests()).isEqualTo(4);
        assertThat(traffic.errorRate()).isZero();
    }

    @Test
    void percentilesComeFromTheLatencyHistogram() {
        // given 90 fast requests (about 4 ms) and 10 slow ones (about 400 ms)
        record(90, TrafficCounts.Outcome.ANSWERED, 4);
        record(10, TrafficCounts.Outcome.ANSWERED, 400);

        ReleaseTraffic traffic = metrics.traffic(Duration.ofMinutes(1));

        // then p50 is in the 3-5 ms bucket and p95/p99 in the 350-500 ms bucket
        assertThat(traffic.p50Millis()).isBetween(3.0, 5.0);
        assertThat(traffic.p95Millis()).isBetween(350.0, 500.0);
        assertThat(traffic.p99Millis()).isBetween(traffic.p95Millis(), 500.0);
    }

    @Test
    void aWindowCoversOnlyItsLastSeconds() {
        // given 5 requests 40 s ago and 3 requests now
        record(5, TrafficCounts.Outcome.SERVER_ERROR, 10);
        now.addAndGet(Duration.ofSeconds(40).toMillis());
        record(3, TrafficCounts.Outcome.ANSWERED, 10);

        // then a 30 s window sees only the recent ones, a minute sees all
        assertThat(metrics.traffic(Duration.ofSeconds(30)).requests()).isEqualTo(3);
        assertThat(metrics.traffic(Duration.ofSeconds(30)).errorRate()).isZero();
        assertThat(metrics.traffic(Duration.ofMinutes(1)).requests()).isEqualTo(8);
        assertThat(metrics.traffic(Duration.ofMinutes(1)).serverErrors()).isEqualTo(5);
    }

    @Test
    void countsOlderThanTenMinutesLeaveTheRingButStayInTheTotals() {
        // given requests now, then 11 minutes later on the same ring slot's lap and the next
        record(7, TrafficCounts.Outcome.ANSWERED, 10);
        now.addAndGet(Duration.ofMinutes(11).toMillis());
        record(2, TrafficCounts.Outcome.ANSWERED, 10);
        now.addAndGet(Duration.ofMinutes(10).toMillis() - Duration.ofMinutes(1).toMillis());

        // then no window holds the old ones, though the totals do
        assertThat(metrics.traffic(Duration.ofMinutes(10)).requests()).isEqualTo(2);
        assertThat(metrics.traffic(Duration.ofMinutes(8)).requests()).isZero();
        assertThat(metrics.total().requests()).isEqualTo(9);
    }

    @Test
    void releasesWithoutTrafficForTenMinutesAreForgottenUnlessStillRouted() {
        // given three releases with traffic now
        ProxyMetrics proxy = new ProxyMetrics(clock);
        for (String release : java.util.List.of("r1", "r2", "r3")) {
            proxy.record(release, TrafficCounts.Outcome.ANSWERED, 1_000_000);
        }

        // when r3 is routed and 9 minutes pass, nothing is forgotten; after 11 minutes, r1 and r2 are
        proxy.forgetIdleExcept(java.util.Set.of("r3"));
        now.addAndGet(Duration.ofMinutes(9).toMillis());
        proxy.forgetIdleExcept(java.util.Set.of("r3"));
        assertThat(proxy.totals()).containsOnlyKeys("r1", "r2", "r3");
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        proxy.forgetIdleExcept(java.util.Set.of("r3"));

        // then
        assertThat(proxy.totals()).containsOnlyKeys("r3");
    }

    @Test
    void withoutRequestsEverythingIsZero() {
        ReleaseTraffic traffic = metrics.traffic(Duration.ofSeconds(10));

        assertThat(traffic).isEqualTo(ReleaseTraffic.none("r1", Duration.ofSeconds(10)));
    }

    @Test
    void windowsAreWholeSecondsFromOneSecondToTenMinutes() {
        assertThat(ReleaseMetrics.windowSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(ReleaseMetrics.windowSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(ReleaseMetrics.windowSeconds(Duration.ofHours(1))).isEqualTo(600);
        assertThat(Wire.window(Optional.of("30s"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(Wire.window(Optional.of("5m"))).isEqualTo(Duration.ofMinutes(5));
        assertThat(Wire.window(Optional.of("45"))).isEqualTo(Duration.ofSeconds(45));
        assertThat(Wire.window(Optional.empty())).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Wire.window(Optional.of("11m"))).hasMessageContaining("from 1s to 10m");
        assertThatThrownBy(() -> Wire.window(Optional.of("0s"))).hasMessageContaining("from 1s to 10m");
        assertThatThrownBy(() -> Wire.window(Optional.of("half an hour"))).hasMessageContaining("like 30s or 5m");
    }

    private void record(int times, TrafficCounts.Outcome outcome, long millis) {
        for (int i = 0; i < times; i++) {
            metrics.record(outcome, Duration.ofMillis(millis).toNanos());
        }
    }
}
