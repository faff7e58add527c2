package dev.hivemind.runtime.proxy;

import dev.hivemind.runtime.client.ReleaseTraffic;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The traffic of one app's edge proxy, per release. Every answer the proxy gives is recorded here: a request routed to
 * a release under that release, the proxy's own answer when no release had an instance ready (503) under the release
 * that should have served it, and the answers it gives before routing (a redirect to HTTPS, 405 for {@code CONNECT},
 * 400 for a request Jetty cannot parse, 503 while no release has weight) under {@link #PROXY}.
 */
public final class ProxyMetrics {
    /** Where the answers that belong to no release are counted, as if it were one (it sorts before release ids). */
    public static final String PROXY = "(proxy)";

    private final InstantSource clock;
    private final ConcurrentMap<String, ReleaseMetrics> releases = new ConcurrentHashMap<>();

    ProxyMetrics(InstantSource clock) {
        this.clock = clock;
    }

    ProxyMetrics() {
        this(InstantSource.system());
    }

    /** Counts one finished request to the release. */
    void record(String releaseId, TrafficCounts.Outcome outcome, long nanos) {
        releases.computeIfAbsent(releaseId, id -> new ReleaseMetrics(id, clock)).record(outcome, nanos);
    }

    /** Each release's traffic over the window ending now, releases in name order (releases without traffic too). */
    public List<ReleaseTraffic> traffic(Duration window) {
        return releases.values().stream().sorted(Comparator.comparing(ReleaseMetrics::releaseId))
                .map(release -> release.traffic(window)).toList();
    }

    /**
     * Forgets the releases that are not in {@code routed} and had no traffic for ten minutes, so an agent that lives
     * through many deployments keeps only the releases anyone could still ask about.
     */
    void forgetIdleExcept(Set<String> routed) {
        releases.values().removeIf(release -> !routed.contains(release.releaseId()) && release.idle());
    }

    /** The totals since the agent started, by release. */
    public Map<String, TrafficCounts.Tally> totals() {
        Map<String, TrafficCounts.Tally> totals = new TreeMap<>();
        releases.forEach((id, release) -> totals.put(id, release.total()));
        return totals;
    }
}
