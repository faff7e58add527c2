package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.client.InstancePolicy;
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
 * @param proxyIdleTimeout how long the proxy keeps an idle connection to an instance; below Node's 5 s keep-alive
 *                         so the proxy never reuses a connection the instance is about to close
 */
public record AgentSettings(Backoff restartBackoff, Duration stopGrace, LogPolicy logs, Duration proxyIdleTimeout) {

    public AgentSettings {
        Objects.requireNonNull(restartBackoff, "restartBackoff");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(proxyIdleTimeout, "proxyIdleTimeout");
        if (stopGrace.isNegative() || proxyIdleTimeout.isNegative() || proxyIdleTimeout.isZero()) {
            throw new IllegalArgumentException("stop grace must be >= 0 and the proxy idle timeout positive");
        }
    }

    /** Backoff 1 s to 30 s, 10 s stop grace, 10 MB x 3 logs, 2 s proxy idle timeout. */
    public static AgentSettings defaults() {
        return new AgentSettings(Backoff.defaults(), Duration.ofSeconds(10), LogPolicy.defaults(), Duration.ofSeconds(2));
    }

    public AgentSettings withRestartBackoff(Backoff backoff) {
        return new AgentSettings(backoff, stopGrace, logs, proxyIdleTimeout);
    }

    public AgentSettings withStopGrace(Duration grace) {
        return new AgentSettings(restartBackoff, grace, logs, proxyIdleTimeout);
    }

    public AgentSettings withLogs(LogPolicy policy) {
        return new AgentSettings(restartBackoff, stopGrace, policy, proxyIdleTimeout);
    }
}
