package dev.hivemind.cli.view;

import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.ReleaseTraffic;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-release traffic of an app served by this machine's host agent, as {@code hivemind status APP} shows it:
 * each release's share of the traffic (weight), requests, error rate and latency percentiles over the last minute.
 */
public record TrafficTable(Map<String, Integer> weights, List<ReleaseTraffic> traffic) {
    static final Duration WINDOW = Duration.ofMinutes(1);

    public TrafficTable {
        weights = Map.copyOf(weights);
        traffic = List.copyOf(traffic);
    }

    /** The traffic of the app the agent serves as {@code view}, with the proxy's weights. */
    public static TrafficTable of(AgentClient agent, AppView view) {
        return new TrafficTable(view.weights(), agent.traffic(view.app(), WINDOW));
    }

    void print(PrintStream out) {
        out.println("  Traffic over the last " + WINDOW.toMinutes() + " min (edge proxy):");
        if (traffic.isEmpty()) {
            out.println("    no requests yet");
            return;
        }
        String row = "    %-31s %6s %9s %7s %9s %9s %9s%n";
        out.printf(row, "RELEASE", "WEIGHT", "REQUESTS", "ERRORS", "P50", "P95", "P99");
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        for (ReleaseTraffic release : traffic) {
            int weight = weights.getOrDefault(release.releaseId(), 0);
            String share = total == 0 ? "0%" : Math.round(100.0 * weight / total) + "%";
            out.printf(row, release.releaseId(), share, release.requests(),
                    String.format(Locale.ROOT, "%.1f%%", release.errorPercent()), millis(release.p50Millis()),
                    millis(release.p95Millis()), millis(release.p99Millis()));
        }
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }
}
