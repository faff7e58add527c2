package dev.hivemind.runtime.proxy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An instance as the edge proxy sees it: where to send requests, and how many requests routed to it have not
 * finished yet (so a switch can drain it). Its port changes when the instance turns out to listen on another port than
 * the one it was given (an app that ignores {@code PORT}); that happens before it is in rotation.
 */
public final class Backend {
    private final String releaseId;
    private final String host;
    private volatile int port;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Backend(String releaseId, int port) {
        this(releaseId, "127.0.0.1", port);
    }

    /** An instance reached at {@code host} (its network namespace's address, or the loopback). */
    public Backend(String releaseId, String host, int port) {
        this.releaseId = releaseId;
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    /** From now on requests go to {@code next}. */
    public void port(int next) {
        port = next;
    }

    String releaseId() {
        return releaseId;
    }

    public int port() {
        return port;
    }

    public int inFlight() {
        return inFlight.get();
    }

    void enter() {
        inFlight.incrementAndGet();
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    @Override
    public String toString() {
        return releaseId + "@" + host + ":" + port;
    }
}
