package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.client.InstancePolicy;
import dev.hivemind.runtime.proxy.ProxyLimits;
import dev.hivemind.runtime.supervisor.Backoff;
import dev.hivemind.runtime.supervisor.LogPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the host agent supervises instances and proxies traffic. {@link #defaults()} is what {@link HostAgent#run}
 * uses; tests shrink the delays.
 *
 * @param restartBackoff   delays between restarts of a crashed instance
 * @param stopGrace        the most a stopped instance gets between SIGTERM and SIGKILL when the agent itself shuts
 *                         down (a release's own {@link InstancePolicy#stopGrace()} applies otherwise)
 * @param logs             when instance logs are rotated
 * @param proxy          how long the edge proxies wait for an instance and how many requests one instance may hold
 */
public record AgentSettings(Backoff restartBackoff, Duration stopGrace, LogPolicy logs, ProxyLimits proxy) {

    public AgentSettings {
        Objects.requireNonNull(restartBackoff, "restartBackoff");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(proxy, "proxy");
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stop grace must be >= 0, got " + stopGrace);
        }
    }

    /** Backoff 1 s to 30 s, 10 s stop grace, 10 MB x 3 logs, the {@link ProxyLimits#defaults() proxy's defaults}. */
    public static AgentSettings defaults() {
        return new AgentSettings(Backoff.defaults(), Duration.ofSeconds(10), LogPolicy.defaults(),
                ProxyLimits.defaults());
    }

    public AgentSettings withRestartBackoff(Backoff backoff) {
        return new AgentSettings(backoff, stopGrace, logs, proxy);
    }

    public AgentSettings withStopGrace(Duration grace) {
        return new AgentSettings(restartBackoff, grace, logs, proxy);
    }

    public AgentSettings withLogs(LogPolicy policy) {
        return new AgentSettings(restartBackoff, stopGrace, policy, proxy);
    }

    public AgentSettings withProxy(ProxyLimits limits) {
        return new AgentSettings(restartBackoff, stopGrace, logs, limits);
    }
}
