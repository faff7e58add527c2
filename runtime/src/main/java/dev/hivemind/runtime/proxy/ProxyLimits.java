package dev.hivemind.runtime.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * How much an app's edge proxy lets one instance hold up, so that requests an instance never answers cannot take the
 * rest of the app's traffic with them.
 *
 * @param backendIdleTimeout    how long an idle pooled connection to an instance is kept; below Node's 5 s keep-alive
 *                              so the proxy never reuses a connection the instance is about to close
 * @param requestTimeout        the most a request may take from its arrival to the end of the instance's answer,
 *                              waiting in the queue included; then the proxy abandons it and answers {@code 504}
 *                              (or, when the answer had begun, cuts it off)
 * @param connectionsPerBackend the most connections the proxy opens to one instance, one per request in progress
 * @param queuedPerBackend      the most requests that wait for one of those connections, those waiting for a new
 *                              connection to open included (so it also bounds a burst); beyond it the proxy answers
 *                              {@code 503} at once
 */
public record ProxyLimits(Duration backendIdleTimeout, Duration requestTimeout, int connectionsPerBackend,
                          int queuedPerBackend) {

    public ProxyLimits {
        Objects.requireNonNull(backendIdleTimeout, "backendIdleTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!backendIdleTimeout.isPositive() || requestTimeout.toMillis() <= 0) {
            throw new IllegalArgumentException("the proxy's backend idle timeout and request timeout must be positive,"
                    + " got " + backendIdleTimeout + " and " + requestTimeout);
        }
        if (connectionsPerBackend < 1 || queuedPerBackend < 1) {
            // every request waits in the queue while its connection opens: without room there, none would pass
            throw new IllegalArgumentException("an instance needs room for at least 1 proxy connection and 1 queued"
                    + " request, got " + connectionsPerBackend + " and " + queuedPerBackend);
        }
    }

    /** 2 s backend idle timeout, 60 s per request, 1024 connections and 1024 queued requests per instance. */
    public static ProxyLimits defaults() {
        return new ProxyLimits(Duration.ofSeconds(2), Duration.ofSeconds(60), 1024, 1024);
    }

    public ProxyLimits withRequestTimeout(Duration timeout) {
        return new ProxyLimits(backendIdleTimeout, timeout, connectionsPerBackend, queuedPerBackend);
    }

    public ProxyLimits withPerBackend(int connections, int queued) {
        return new ProxyLimits(backendIdleTimeout, requestTimeout, connections, queued);
    }
}
