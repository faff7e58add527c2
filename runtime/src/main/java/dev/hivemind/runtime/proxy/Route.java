package dev.hivemind.runtime.proxy;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One release's share of an app's traffic: its weight, relative to the other routes of the table, and the instances
 * that serve it, balanced round-robin.
 */
public final class Route {
    private final String releaseId;
    private final int weight;
    private final List<Backend> backends;
    private final AtomicInteger next = new AtomicInteger();

    public Route(String releaseId, int weight, List<Backend> backends) {
        this.releaseId = Objects.requireNonNull(releaseId, "releaseId");
        if (weight < 0) {
            throw new IllegalArgumentException("a route's weight cannot be negative: " + weight);
        }
        this.weight = weight;
        this.backends = List.copyOf(backends);
    }

    public String releaseId() {
        return releaseId;
    }

    public int weight() {
        return weight;
    }

    public List<Backend> backends() {
        return backends;
    }

    /** Whether this route can take requests: it has weight and at least one backend. */
    boolean serving() {
        return weight > 0 && !backends.isEmpty();
    }

    /** The next backend in round-robin order. */
    Backend nextBackend() {
        return backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
    }

    @Override
    public String toString() {
        return releaseId + " (weight " + weight + ", " + backends + ")";
    }
}
