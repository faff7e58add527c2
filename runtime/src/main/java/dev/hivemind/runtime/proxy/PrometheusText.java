package dev.hivemind.runtime.proxy;

import java.util.Locale;
import java.util.Map;

/**
 * The edge proxies' totals in the Prometheus text exposition format (version 0.0.4), labelled by app and release:
 * {@code hivemind_proxy_requests_total}, {@code hivemind_proxy_errors_total{kind="5xx"|"connection"}} and the
 * histogram {@code hivemind_proxy_request_duration_seconds}.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String REQUESTS = "hivemind_proxy_requests_total";
    private static final String ERRORS = "hivemind_proxy_errors_total";
    private static final String DURATION = "hivemind_proxy_request_duration_seconds";

    private PrometheusText() {
    }

    /** The text for the totals of every app (by app, then release). */
    public static String render(Map<String, Map<String, TrafficCounts.Tally>> totals) {
        StringBuilder out = new StringBuilder();
        header(out, REQUESTS, "counter", "Answers of the edge proxy, by the release they count for; release=\"(proxy)\""
                + " for those given before routing.");
        totals.forEach((app, releases) -> releases.forEach((release, tally) ->
                sample(out, REQUESTS, labels(app, release), tally.requests())));
        header(out, ERRORS, "counter", "Failed requests: kind=5xx answers of the release, kind=connection requests"
                + " it did not answer, answered by the proxy (503 no instance ready or instance full, 502, 504).");
        totals.forEach((app, releases) -> releases.forEach((release, tally) -> {
            sample(out, ERRORS, labels(app, release) + ",kind=\"5xx\"", tally.serverErrors());
            sample(out, ERRORS, labels(app, release) + ",kind=\"connection\"", tally.connectionErrors());
        }));
        header(out, DURATION, "histogram", "Time from a request's arrival at the edge proxy to its answer's end.");
        totals.forEach((app, releases) -> releases.forEach((release, tally) -> histogram(out, labels(app, release),
                tally)));
        return out.toString();
    }

    private static void histogram(StringBuilder out, String labels, TrafficCounts.Tally tally) {
        long[] buckets = tally.buckets();
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i];
            String le = i < LatencyHistogram.BOUNDS_MILLIS.length
                    ? number(LatencyHistogram.BOUNDS_MILLIS[i] / 1000) : "+Inf";
            sample(out, DURATION + "_bucket", labels + ",le=\"" + le + "\"", cumulative);
        }
        out.append(DURATION).append("_sum{").append(labels).append("} ").append(number(tally.seconds())).append('\n');
        sample(out, DURATION + "_count", labels, tally.requests());
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    private static String labels(String app, String release) {
        return "app=\"" + escape(app) + "\",release=\"" + escape(release) + "\"";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double value) {
        String text = String.format(Locale.ROOT, "%.6f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }
}
