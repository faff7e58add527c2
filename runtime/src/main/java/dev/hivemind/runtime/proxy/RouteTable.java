package dev.hivemind.runtime.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an app's edge proxy routes to: an immutable list of routes, one per release with traffic. A request goes to a
 * release chosen by weight, then to the next backend of that release. The proxy swaps whole tables atomically, so a
 * request sees either the old table or the new one.
 */
public final class RouteTable {
    static final RouteTable EMPTY = new RouteTable(List.of());

    private final List<Route> routes;
    private final int totalWeight;
    private final int assignedWeight;
    private final boolean split;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        this.totalWeight = this.routes.stream().filter(Route::serving).mapToInt(Route::weight).sum();
        this.assignedWeight = this.routes.stream().mapToInt(Route::weight).sum();
        this.split = this.routes.stream().filter(Route::serving).count() > 1;
    }

    public static RouteTable of(List<Route> routes) {
        return new RouteTable(routes);
    }

    /** All traffic to one backend. */
    static RouteTable single(Backend backend) {
        return new RouteTable(List.of(new Route(backend.releaseId(), 100, List.of(backend))));
    }

    public List<Route> routes() {
        return routes;
    }

    Optional<Route> route(String releaseId) {
        return routes.stream().filter(route -> route.releaseId().equals(releaseId)).findFirst();
    }

    /** Every backend of every route. */
    List<Backend> backends() {
        List<Backend> all = new ArrayList<>();
        routes.forEach(route -> all.addAll(route.backends()));
        return all;
    }

    /** Whether more than one release takes traffic, so clients are pinned to the release they first got. */
    boolean split() {
        return split;
    }

    boolean isEmpty() {
        return totalWeight == 0;
    }

    /**
     * The backend for a request: one of {@code preferredRelease}'s when that release serves in this table (a sticky
     * client), else one of a release drawn by weight; empty when nothing serves.
     */
    Optional<Backend> pick(Optional<String> preferredRelease) {
        Optional<Route> preferred = preferredRelease.flatMap(this::route).filter(Route::serving);
        if (preferred.isPresent()) {
            return Optional.of(preferred.get().nextBackend());
        }
        if (totalWeight == 0) {
            return Optional.empty();
        }
        int draw = ThreadLocalRandom.current().nextInt(totalWeight);
        for (Route route : routes) {
            if (!route.serving()) {
                continue;
            }
            draw -= route.weight();
            if (draw < 0) {
                return Optional.of(route.nextBackend());
            }
        }
        throw new IllegalStateException("weights changed under the draw: " + routes);
    }

    /**
     * The release a request that found no backend should have gone to (drawn by weight among the releases that have
     * weight but no instance ready), so the proxy's 503 counts against it; empty when no release has weight.
     */
    Optional<String> unserved() {
        if (assignedWeight == 0) {
            return Optional.empty();
        }
        int draw = ThreadLocalRandom.current().nextInt(assignedWeight);
        for (Route route : routes) {
            draw -= route.weight();
            if (draw < 0) {
                return Optional.of(route.releaseId());
            }
        }
        throw new IllegalStateException("weights changed under the draw: " + routes);
    }

    @Override
    public String toString() {
        return routes.toString();
    }
}
