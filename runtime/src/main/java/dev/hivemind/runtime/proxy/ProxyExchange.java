package dev.hivemind.runtime.proxy;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request on its way through the {@link BackendRouter} to a backend: the client's callback, wrapped so that when
 * the answer to the client completes or fails the request leaves its backend's in-flight count and is recorded (once)
 * in the app's {@link ProxyMetrics}; the request to the backend, so it can be abandoned when the client goes away; and
 * how it ended when the proxy answered in the backend's place.
 *
 * <p>The client's connection is watched by a {@link DepartureProbe} once the request is both {@link #sent() read to
 * its end} (before, Jetty reads the connection for the body) and {@link #due() due} (it waited long enough, see
 * {@link DepartureWatch}), and only until its answer begins. These steps come from different threads; one state word
 * orders them, without a lock or an allocation.
 */
final class ProxyExchange implements Callback, org.eclipse.jetty.client.Request.SuccessListener {
    private static final String ATTRIBUTE = ProxyExchange.class.getName();
    private static final AtomicIntegerFieldUpdater<ProxyExchange> STATE =
            AtomicIntegerFieldUpdater.newUpdater(ProxyExchange.class, "state");
    /** The client's request is read to its end: nothing of Jetty's reads its connection until the answer. */
    private static final int SENT = 1;
    /** It waited long enough to be watched. */
    private static final int DUE = 1 << 1;
    /** A thread is arming the probe. */
    private static final int ARMING = 1 << 2;
    /** The probe was armed (or could not be). */
    private static final int WATCHED = 1 << 3;
    /** The answer began or ended: no more watching. */
    private static final int ANSWERING = 1 << 4;
    /** Recorded. */
    private static final int LEFT = 1 << 5;

    private final Request client;
    private final Response response;
    private final Callback delegate;
    private final Backend backend;
    private final ProxyMetrics metrics;
    private final long began;
    private volatile int state;
    private volatile TrafficCounts.Outcome outcome;
    private volatile org.eclipse.jetty.client.Request upstream;
    private volatile DepartureProbe probe;
    private volatile Thread arming;
    private final boolean bodiless;
    private volatile Throwable clientFailure;

    private ProxyExchange(Request client, Response response, Callback delegate, Backend backend, ProxyMetrics metrics,
                          long began, boolean bodiless) {
        this.client = client;
        this.response = response;
        this.delegate = delegate;
        this.backend = backend;
        this.metrics = metrics;
        this.began = began;
        this.bodiless = bodiless;
        this.state = bodiless ? SENT : 0;
    }

    /**
     * Starts the exchange of a request that entered {@code backend}; the request carries it from now on. A request
     * without a body is read to its end already.
     */
    static ProxyExchange begin(Request client, Response response, Callback delegate, Backend backend,
                               ProxyMetrics metrics, long began) {
        ProxyExchange exchange = new ProxyExchange(client, response, delegate, backend, metrics, began,
                hasNoBody(client));
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

    /** Whether the request comes without a body, so it is read to its end already. */
    boolean bodiless() {
        return bodiless;
    }

    /** As Jetty's proxy decides whether to pass a body on. */
    private static boolean hasNoBody(Request client) {
        return client.getLength() <= 0 && !client.getHeaders().contains(HttpHeader.CONTENT_TYPE)
                && !client.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    Backend backend() {
        return backend;
    }

    /** When the request arrived, in {@link System#nanoTime()}. */
    long began() {
        return began;
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

    /** The request to the backend is sent, body and all: the client's body is read to its end. */
    @Override
    public void onSuccess(org.eclipse.jetty.client.Request request) {
        sent();
    }

    /** The request is read to its end; watched now if it is due already. */
    void sent() {
        if ((add(SENT) & DUE) != 0) {
            watch();
        }
    }

    /** The request waited long enough to be watched; watched now if it is read to its end. */
    void due() {
        if ((add(DUE) & SENT) != 0) {
            watch();
        }
    }

    /**
     * The answer begins (or the proxy answers in the backend's place): the client's connection is no longer watched (a
     * client that leaves now fails the writes), and must not be once Jetty reads it for the next request.
     */
    void answering() {
        int before;
        while (true) {
            before = state;
            if ((before & ARMING) != 0 && arming != Thread.currentThread()) {
                Thread.onSpinWait(); // arming takes microseconds; the probe must be gone before Jetty reads again
            } else if (STATE.compareAndSet(this, before, before | ANSWERING)) {
                break;
            }
        }
        if ((before & WATCHED) != 0) {
            disarm();
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
        answering();
        try {
            delegate.succeeded();
        } finally {
            leave();
        }
    }

    @Override
    public void failed(Throwable failure) {
        answering();
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
        if ((add(LEFT) & LEFT) == 0) {
            backend.leave();
            TrafficCounts.Outcome how = outcome;
            metrics.record(backend.releaseId(), how == null ? TrafficCounts.Outcome.of(response.getStatus()) : how,
                    System.nanoTime() - began);
        }
    }

    /**
     * Arms the probe once, unless the answer began. Should the probe find the client gone at once, on this thread, the
     * answer's failure comes back here while arming: {@link #answering()} then leaves the disarming to this method.
     */
    private void watch() {
        while (true) {
            int now = state;
            if ((now & (ARMING | WATCHED | ANSWERING)) != 0) {
                return;
            }
            if (STATE.compareAndSet(this, now, now | ARMING)) {
                break;
            }
        }
        arming = Thread.currentThread();
        probe = DepartureProbe.arm(client, this::abandon).orElse(null);
        arming = null;
        while (true) {
            int now = state;
            if (STATE.compareAndSet(this, now, (now & ~ARMING) | WATCHED)) {
                if ((now & ANSWERING) != 0) {
                    disarm();
                }
                return;
            }
        }
    }

    private void disarm() {
        DepartureProbe armed = probe;
        if (armed != null) {
            armed.disarm();
        }
    }

    /** Sets {@code bit}; returns the state before. */
    private int add(int bit) {
        while (true) {
            int now = state;
            if (STATE.compareAndSet(this, now, now | bit)) {
                return now;
            }
        }
    }
}
