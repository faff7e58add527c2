package dev.hivemind.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

public class PrometheusTextTest {

    @Test
    void rendersCountersAndACumulativeHistogramPerAppAndRelease() {
        // given release r1 of app web with 3 answers (2 ms, 2 ms, 40 ms), one 5xx and one connection error
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.record("r1", TrafficCounts.Outcome.ANSWERED, Duration.ofMillis(2).toNanos());
        metrics.record("r1", TrafficCounts.Outcome.ANSWERED, Duration.ofMillis(2).toNanos());
        metrics.record("r1", TrafficCounts.Outcome.ANSWERED, Duration.ofMillis(40).toNanos());
        metrics.record("r1", TrafficCounts.Outcome.SERVER_ERROR, Duration.ofMillis(1).toNanos());
        metrics.record("r1", TrafficCounts.Outcome.CONNECTION_ERROR, Duration.ofMillis(1).toNanos());
        Map<String, Map<String, TrafficCounts.Tally>> totals = new TreeMap<>(Map.of("web", metrics.totals()));

        // when
        String text = PrometheusText.render(totals);

        // then
        String labels = "app=\"web\",release=\"r1\"";
        assertThat(text).contains(
                "# TYPE hivemind_proxy_requests_total counter\n",
                "hivemind_proxy_requests_total{" + labels + "} 5\n",
                "hivemind_proxy_errors_total{" + labels + ",kind=\"5xx\"} 1\n",
                "hivemind_proxy_errors_total{" + labels + ",kind=\"connection\"} 1\n",
                "# TYPE hivemind_proxy_request_duration_seconds histogram\n",
                "hivemind_proxy_request_duration_seconds_bucket{" + labels + ",le=\"0.0005\"} 0\n",
                "hivemind_proxy_request_duration_seconds_bucket{" + labels + ",le=\"0.001\"} 2\n",
                "hivemind_proxy_request_duration_seconds_bucket{" + labels + ",le=\"0.002\"} 4\n",
                "hivemind_proxy_request_duration_seconds_bucket{" + labels + ",le=\"0.05\"} 5\n",
                "hivemind_proxy_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 5\n",
                "hivemind_proxy_request_duration_seconds_sum{" + labels + "} 0.046\n",
                "hivemind_proxy_request_duration_seconds_count{" + labels + "} 5\n");
        assertWellFormed(text);
    }

    /** Every line is a comment or a sample: a name, labels and a number. */
    public static void assertWellFormed(String text) {
        assertThat(text.lines().filter(line -> !line.startsWith("#")))
                .allMatch(line -> line.matches("[a-z_]+\\{([a-z]+=\"[^\"]*\",?)+} [0-9.e+-]+"));
    }

    @Test
    void labelValuesAreEscaped() {
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.record("r\"1", TrafficCounts.Outcome.ANSWERED, 1);

        String text = PrometheusText.render(Map.of("web", metrics.totals()));

        assertThat(text).contains("hivemind_proxy_requests_total{app=\"web\",release=\"r\\\"1\"} 1\n");
    }

    @Test
    void promtoolAcceptsTheTextWithQuotesBackslashesAndNewlinesInLabelValues() {
        // given label values no app or release name may hold (the agent refuses them, Names), so the writer itself
        // is checked with them: a quote, a backslash, a newline, and the proxy's own "(proxy)"
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.record("r\"1\\2\nthree", TrafficCounts.Outcome.ANSWERED, Duration.ofMillis(3).toNanos());
        metrics.record("(proxy)", TrafficCounts.Outcome.CONNECTION_ERROR, Duration.ofMillis(1).toNanos());
        Map<String, Map<String, TrafficCounts.Tally>> totals = new TreeMap<>(Map.of("we\"b\\app\n", metrics.totals(),
                "web", metrics.totals()));

        // when
        String text = PrometheusText.render(totals);

        // then Prometheus' own linter accepts it
        assertThat(text).contains("release=\"r\\\"1\\\\2\\nthree\"");
        Promtool.assertAccepts(text);
    }

    @Test
    void promtoolRefusesALabelValueLeftUnescaped() {
        // the check above can fail: promtool refuses what an unescaped quote makes of the text
        String broken = "# HELP x_total Answers.\n# TYPE x_total counter\nx_total{app=\"we\"b\"} 1\n";

        assertThat(Promtool.check(broken).exit()).isNotZero();
    }
}
