package dev.hivemind.runtime.proxy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An instance as the edge proxy sees it: where to send requests, and how many requests routed to it have not
 * finished yet (so a switch can drain it).
 */
public final class Backend {
    private final String releaseId;
    private final int port;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Backend(String releaseId, int port) {
        this.releaseId = releaseId;
        this.port = port;
    }

    String releaseId() {
        return releaseId;
    }

    int port() {
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
        return releaseId + "@127.0.0.1:" + port;
    }
}
