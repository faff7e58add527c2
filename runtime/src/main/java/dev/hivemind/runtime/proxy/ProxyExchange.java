package dev.hivemind.runtime.proxy;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request on its way through the {@link BackendRouter} to a backend: the client's callback, wrapped so that when
 * the answer to the client completes or fails the request leaves its backend's in-flight count and is recorded (once)
 * in the app's {@link ProxyMetrics}; the request to the backend, so it can be abandoned when the client goes away; and
 * how it ended when the proxy answered in the backend's place.
 */
final class ProxyExchange implements Callback, org.eclipse.jetty.client.Request.SuccessListener {
    private static final String ATTRIBUTE = ProxyExchange.class.getName();

    private final Request client;
    private final Response response;
    private final Callback delegate;
    private final Backend backend;
    private final ProxyMetrics metrics;
    private final long began;
    private final AtomicBoolean left = new AtomicBoolean();
    private volatile boolean finishing;
    private volatile TrafficCounts.Outcome outcome;
    private volatile org.eclipse.jetty.client.Request upstream;
    private volatile DepartureProbe probe;
    private volatile Throwable clientFailure;

    private ProxyExchange(Request client, Response response, Callback delegate, Backend backend, ProxyMetrics metrics,
                          long began) {
        this.client = client;
        this.response = response;
        this.delegate = delegate;
        this.backend = backend;
        this.metrics = metrics;
        this.began = began;
    }

    /** Starts the exchange of a request that entered {@code backend}; the request carries it from now on. */
    static ProxyExchange begin(Request client, Response response, Callback delegate, Backend backend,
                               ProxyMetrics metrics, long began) {
        ProxyExchange exchange = new ProxyExchange(client, response, delegate, backend, metrics, began);
        client.setAttribute(ATTRIBUTE, exchange);
        return exchange;
    }

    /** The exchange the request is part of. */
    static ProxyExchange of(Request client) {
        return (ProxyExchange) client.getAttribute(ATTRIBUTE);
    }

    /** Whether the request went through the router to a backend (its answer is recorded by its exchange). */
    static boolean routed(Request client) {
        return client.getAttribute(ATTRIBUTE) != null;
    }

    Backend backend() {
        return backend;
    }

    /** The request to the backend; sent after this. */
    void upstream(org.eclipse.jetty.client.Request request) {
        this.upstream = request;
    }

    /** How the request ended when its status alone does not say it (the proxy answered, or the client left). */
    void outcome(TrafficCounts.Outcome how) {
        this.outcome = how;
    }

    boolean abandoned() {
        return outcome == TrafficCounts.Outcome.ABANDONED;
    }

    /** The client's request body failed (malformed, or cut off): the request to the backend fails with it. */
    void clientFailed(Throwable failure) {
        this.clientFailure = failure;
    }

    /** Why the client's request body failed, if it did. */
    Optional<Throwable> clientFailure() {
        return Optional.ofNullable(clientFailure);
    }

    /** The request to the backend is sent, body and all: from now on the client only waits, so watch for it leaving. */
    @Override
    public void onSuccess(org.eclipse.jetty.client.Request request) {
        if (finishing) {
            return;
        }
        probe = DepartureProbe.arm(client, this::abandon).orElse(null);
        if (finishing) {
            disarm(); // the answer completed meanwhile, and may not have seen the probe
        }
    }

    /** The client went away: the request to the backend is abandoned at once, freeing its connection. */
    void abandon() {
        outcome = TrafficCounts.Outcome.ABANDONED;
        org.eclipse.jetty.client.Request request = upstream;
        if (request != null) {
            request.abort(new DepartureProbe.ClientLeft());
        }
    }

    @Override
    public void succeeded() {
        finishing = true;
        disarm();
        try {
            delegate.succeeded();
        } finally {
            leave();
        }
    }

    @Override
    public void failed(Throwable failure) {
        finishing = true;
        disarm();
        try {
            delegate.failed(failure);
        } finally {
            leave();
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return delegate.getInvocationType();
    }

    /** Takes the request off its backend's in-flight count and records it, once. */
    void leave() {
        if (left.compareAndSet(false, true)) {
            backend.leave();
            TrafficCounts.Outcome how = outcome;
            metrics.record(backend.releaseId(), how == null ? TrafficCounts.Outcome.of(response.getStatus()) : how,
                    System.nanoTime() - began);
        }
    }

    /**
     * Stops watching the client's connection: the answer began (a client that leaves now fails its writes) or is
     * complete (Jetty reads the connection for the next request itself, so the probe must be gone by then).
     */
    void disarm() {
        DepartureProbe armed = probe;
        if (armed != null) {
            armed.disarm();
        }
    }
}
