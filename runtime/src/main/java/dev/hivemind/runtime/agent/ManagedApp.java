package dev.hivemind.runtime.agent;

import dev.hivemind.api.rollout.ResourceLimits;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.BackingService;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.ReleaseView;
import dev.hivemind.runtime.proxy.EdgeProxy;
import dev.hivemind.runtime.proxy.Route;
import dev.hivemind.runtime.proxy.RouteTable;
import dev.hivemind.runtime.supervisor.Instance;
import dev.hivemind.runtime.supervisor.Isolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An app as the agent holds it: its edge proxy, its releases, the stable release (the one that last got all traffic)
 * and the weights the proxy routes by. Guarded by the {@link AppRegistry}'s lock.
 */
final class ManagedApp {
    private final String name;
    private final EdgeProxy proxy;
    private final Map<String, ManagedRelease> releases = new LinkedHashMap<>();
    private final Map<String, Integer> weights = new TreeMap<>();
    private Optional<String> active = Optional.empty();
    private List<BackingService> services = List.of();

    ManagedApp(String name, EdgeProxy proxy) {
        this.name = name;
        this.proxy = proxy;
    }

    String name() {
        return name;
    }

    EdgeProxy proxy() {
        return proxy;
    }

    /** What the agent brings up before the app's instances when it starts. */
    List<BackingService> services() {
        return services;
    }

    void services(List<BackingService> next) {
        services = List.copyOf(next);
    }

    Optional<String> active() {
        return active;
    }

    boolean isActive(String releaseId) {
        return active.filter(releaseId::equals).isPresent();
    }

    /** Whether the release should run: it is the stable one or has traffic. */
    boolean wanted(String releaseId) {
        return isActive(releaseId) || weights.getOrDefault(releaseId, 0) > 0;
    }

    /** All traffic to the release, which becomes the stable one. */
    void activate(String releaseId) {
        active = Optional.of(releaseId);
        weights(Map.of(releaseId, 100));
    }

    /** Sets the active release as restored, without touching the weights. */
    void restoreActive(Optional<String> releaseId) {
        active = releaseId;
    }

    void weights(Map<String, Integer> next) {
        weights.clear();
        next.forEach((releaseId, weight) -> {
            if (weight > 0) {
                weights.put(releaseId, weight);
            }
        });
    }

    Map<String, Integer> weights() {
        return Map.copyOf(weights);
    }

    Optional<ManagedRelease> release(String releaseId) {
        return Optional.ofNullable(releases.get(releaseId));
    }

    List<ManagedRelease> releases() {
        return new ArrayList<>(releases.values());
    }

    /** The release, created (without instances) when it is new. */
    ManagedRelease release(ReleaseLaunch launch) {
        return releases.computeIfAbsent(launch.releaseId(), id -> new ManagedRelease(launch));
    }

    List<Instance> instances() {
        return releases.values().stream().flatMap(release -> release.instances().stream()).toList();
    }

    /** The release the instance belongs to, if it still does. */
    Optional<ManagedRelease> owner(Instance instance) {
        return release(instance.releaseId()).filter(release -> release.contains(instance));
    }

    /** Forgets the release entirely; it loses its traffic and, if it was the stable one, the app has none. */
    void forget(String releaseId) {
        releases.remove(releaseId);
        weights.remove(releaseId);
        if (isActive(releaseId)) {
            active = Optional.empty();
        }
    }

    /** Forgets the oldest stopped releases without traffic beyond the newest {@code keep}. */
    void pruneStopped(int keep) {
        List<String> stopped = releases.values().stream().filter(ManagedRelease::stopped)
                .filter(release -> !release.instances().isEmpty()).map(ManagedRelease::releaseId)
                .filter(releaseId -> !wanted(releaseId)).toList();
        stopped.subList(0, Math.max(0, stopped.size() - keep)).forEach(this::forget);
    }

    /**
     * Routes the proxy by the weights to the ready instances of each release; the table is swapped only when a route
     * changed. Returns how long the swap took in microseconds (0 when nothing changed).
     */
    long reroute() {
        List<Route> routes = new ArrayList<>();
        weights.forEach((releaseId, weight) -> release(releaseId)
                .ifPresent(release -> routes.add(new Route(releaseId, weight, release.readyBackends()))));
        if (sameRoutes(proxy.routes().routes(), routes)) {
            return 0;
        }
        long started = System.nanoTime();
        proxy.routes(RouteTable.of(routes));
        return Math.max(1, (System.nanoTime() - started) / 1_000);
    }

    private static boolean sameRoutes(List<Route> current, List<Route> next) {
        if (current.size() != next.size()) {
            return false;
        }
        for (int i = 0; i < current.size(); i++) {
            Route a = current.get(i);
            Route b = next.get(i);
            if (!a.releaseId().equals(b.releaseId()) || a.weight() != b.weight() || !a.backends().equals(b.backends())) {
                return false;
            }
        }
        return true;
    }

    /** The app; {@code isolation} says who its instances run as and what limits them. */
    AppView view(Isolation isolation) {
        List<ReleaseView> views = releases.values().stream()
                .map(release -> release.view(weights.getOrDefault(release.releaseId(), 0))).toList();
        return new AppView(name, proxy.port(), proxy.bindAddress(), active, views, weights,
                isolation.describe(name, limits()));
    }

    /** The limits of the stable release's instances (else the newest release's, else the defaults). */
    private ResourceLimits limits() {
        Optional<ManagedRelease> shown = active.flatMap(this::release)
                .or(() -> releases.values().stream().reduce((first, second) -> second));
        return shown.map(release -> release.launch().policy().limits()).orElseGet(ResourceLimits::defaults);
    }

    /** The release directories of its releases (what its user was let read). */
    List<java.nio.file.Path> directories() {
        return releases.values().stream().map(release -> release.launch().directory()).distinct().toList();
    }

    DesiredState.DesiredApp desired() {
        Map<String, DesiredState.DesiredRelease> desired = new TreeMap<>();
        releases.forEach((id, release) -> desired.put(id, DesiredState.DesiredRelease.of(release.launch(),
                release.recorded())));
        return new DesiredState.DesiredApp(proxy.port(), proxy.bindAddress(), active, desired, weights, proxy.tls(),
                services);
    }
}
