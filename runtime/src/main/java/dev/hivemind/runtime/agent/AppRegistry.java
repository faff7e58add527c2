package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.client.AgentError;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.BackingService;
import dev.hivemind.runtime.client.InstancePolicy;
import dev.hivemind.runtime.client.Names;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.ReleaseTraffic;
import dev.hivemind.runtime.client.ReleaseView;
import dev.hivemind.runtime.client.SwitchResult;
import dev.hivemind.runtime.proxy.EdgeProxy;
import dev.hivemind.runtime.proxy.HostCertificate;
import dev.hivemind.runtime.proxy.TrafficCounts;
import dev.hivemind.runtime.supervisor.Instance;
import dev.hivemind.runtime.supervisor.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The apps the agent serves and what its API does to them. Every change is saved to desired.json before the answer;
 * slow work (drains, graceful stops) runs outside the lock, in {@link Retirements}, so views stay quick. The proxy of an app routes by its
 * weights to the ready instances of each release, and is re-routed whenever an instance's readiness changes.
 */
final class AppRegistry implements AutoCloseable, Retirements.Registry {
    /** How many stopped releases per app stay visible (and in desired.json) after their switch. */
    static final int KEEP_STOPPED = 3;

    private final Supervisor supervisor;
    private final DesiredStateStore store;
    private final AgentSettings settings;
    private final Map<String, ManagedApp> apps = new TreeMap<>();
    private final Retirements retirements;

    AppRegistry(Supervisor supervisor, DesiredStateStore store, AgentSettings settings) {
        this.supervisor = supervisor;
        this.store = store;
        this.settings = settings;
        this.retirements = new Retirements(supervisor, this);
    }

    synchronized List<String> names() {
        return List.copyOf(apps.keySet());
    }

    synchronized Optional<AppView> app(String name) {
        return Optional.ofNullable(apps.get(name)).map(app -> app.view(supervisor.isolation()));
    }

    synchronized ReleaseView release(String name, String releaseId) {
        ManagedApp app = require(name);
        return requireRelease(app, releaseId).view(app.weights().getOrDefault(releaseId, 0));
    }

    /**
     * Makes the app's proxy listen on the address, serving HTTPS with the host certificate when {@code tls}
     * (idempotent; a new address or TLS setting re-opens the proxy).
     */
    synchronized AppView ensureApp(String name, int port, String bindAddress, boolean tls) {
        Names.app(name);
        ManagedApp app = apps.get(name);
        if (app != null && app.proxy().listensOn(port, bindAddress, tls)) {
            return app.view(supervisor.isolation());
        }
        apps.values().stream().filter(other -> !other.name().equals(name) && other.proxy().port() == port).findFirst()
                .ifPresent(other -> {
                    throw AgentError.conflict("port " + port + " is the public port of app " + other.name());
                });
        if (app == null) {
            app = new ManagedApp(name, EdgeProxy.open(name, port, bindAddress, settings.proxy(),
                    certificate(tls)));
            apps.put(name, app);
        } else {
            app.proxy().listen(port, bindAddress, certificate(tls));
        }
        persist();
        return app.view(supervisor.isolation());
    }

    /**
     * Records what the agent brings up before the app's instances whenever it starts (replacing what was recorded);
     * nothing is started now.
     */
    synchronized AppView setServices(String name, List<BackingService> services) {
        ManagedApp app = require(name);
        app.services(services);
        persist();
        return app.view(supervisor.isolation());
    }

    /**
     * Starts the release's replicas, each health-gated; they get traffic only through {@link #setWeights} or
     * {@link #switchTo}. A release that no longer runs (stopped, crashed) is started again with the new settings.
     */
    ReleaseView startRelease(String name, ReleaseLaunch launch) {
        if (launch.policy().replicas() < 1) {
            throw AgentError.badRequest("release " + launch.releaseId() + " needs at least 1 replica to start; got 0");
        }
        List<Instance> replaced;
        synchronized (this) {
            ManagedApp app = require(name);
            Optional<ManagedRelease> known = app.release(launch.releaseId());
            if (known.isPresent() && known.get().running()) {
                throw AgentError.conflict("release " + launch.releaseId() + " of app " + name + " is already "
                        + known.get().view(0).state().wire() + "; stop it first to start it again");
            }
            replaced = known.map(ManagedRelease::instances).orElse(List.of());
            replaced.forEach(Instance::retire);
        }
        supervisor.stopAll(replaced, false);
        synchronized (this) {
            ManagedApp app = require(name);
            ManagedRelease release = app.release(launch);
            if (release.running()) {
                throw AgentError.conflict("release " + launch.releaseId() + " of app " + name + " is being started");
            }
            release.relaunch(launch);
            try {
                release.addReplicas(name, launch.policy().replicas(), supervisor, this::instanceChanged,
                        retirements::stop);
            } finally {
                persist();
            }
            return release.view(app.weights().getOrDefault(launch.releaseId(), 0));
        }
    }

    /**
     * Adds replicas (health-gated, in rotation once ready) or takes the newest away (out of rotation at once, then
     * drained up to the release's drain timeout and stopped in the background).
     */
    ReleaseView scaleRelease(String name, String releaseId, int replicas) {
        InstancePolicy.requireReplicas(replicas);
        synchronized (this) {
            ManagedApp app = require(name);
            ManagedRelease release = requireRelease(app, releaseId);
            int live = release.live().size();
            release.replicas(replicas);
            if (replicas > live) {
                try {
                    release.addReplicas(name, replicas - live, supervisor, this::instanceChanged, retirements::stop);
                } finally {
                    persist();
                }
            } else if (replicas < live) {
                List<Instance> leaving = release.shrinkTo(replicas);
                app.reroute();
                persist();
                retirements.drainAndStop(leaving, release.launch().policy().drainTimeout());
            } else {
                persist();
            }
            return release.view(app.weights().getOrDefault(releaseId, 0));
        }
    }

    /**
     * Routes the app by relative weights; releases left out get none but keep running. A positive weight needs a
     * release with a ready instance.
     */
    synchronized AppView setWeights(String name, Map<String, Integer> weights) {
        ManagedApp app = require(name);
        weights.forEach((releaseId, weight) -> {
            ManagedRelease release = requireRelease(app, releaseId);
            if (weight > 0 && !release.hasReady()) {
                throw AgentError.conflict("release " + releaseId + " of app " + name + " has no ready instance ("
                        + release.view(0).state().wire() + "); it cannot take traffic yet");
            }
        });
        app.weights(weights);
        app.reroute();
        persist();
        return app.view(supervisor.isolation());
    }

    /** Routes all the app's traffic to a release with a ready instance; every other release is drained, then stopped. */
    synchronized SwitchResult switchTo(String name, String releaseId, Duration drainTimeout) {
        ManagedApp app = require(name);
        ManagedRelease next = requireRelease(app, releaseId);
        if (!next.hasReady()) {
            throw AgentError.conflict("release " + releaseId + " of app " + name + " is " + next.view(0).state().wire()
                    + ", not healthy; traffic stays on " + app.active().orElse("no release"));
        }
        Optional<String> previous = app.active().filter(id -> !id.equals(releaseId));
        app.activate(releaseId);
        long micros = app.reroute();
        persist();
        for (ManagedRelease other : app.releases()) {
            if (!other.releaseId().equals(releaseId) && other.running()) {
                retirements.afterSwitch(name, other.releaseId(), drainTimeout);
            }
        }
        return new SwitchResult(previous, micros);
    }

    /** Stops the release's instances gracefully and forgets the release; the active one leaves the app without traffic. */
    void stopRelease(String name, String releaseId) {
        List<Instance> instances;
        synchronized (this) {
            ManagedApp app = require(name);
            instances = requireRelease(app, releaseId).instances();
            app.forget(releaseId);
            app.reroute();
            instances.forEach(Instance::retire);
            persist();
        }
        supervisor.stopAll(instances, false);
    }

    /**
     * Closes the app's proxy, stops its instances and forgets it; as root, every process its user still runs is killed
     * (children that left their process group included) and the user removed.
     */
    void removeApp(String name) {
        ManagedApp app;
        synchronized (this) {
            app = require(name);
            apps.remove(name);
            app.instances().forEach(Instance::retire);
            persist();
        }
        app.proxy().close();
        supervisor.stopAll(app.instances(), false);
        supervisor.isolation().removeApp(name, app.directories());
    }

    /**
     * Brings back what desired.json holds: each app's proxy, the recorded instances that still run (adopted, and routed
     * at once), the missing replicas of the releases that have traffic started fresh, and the adopted instances of
     * releases without traffic (say one draining when the agent died) stopped.
     */
    synchronized void restore(DesiredState state) {
        List<Instance> unwanted = new RegistryRestore(supervisor, this::instanceChanged).restoreAll(state, apps::put,
                settings.proxy(), this::certificate);
        if (!unwanted.isEmpty()) {
            retirements.stop(unwanted);
        }
        persist();
    }

    /** Stops every instance and closes every proxy; desired.json stays as it is for the next start. */
    @Override
    public void close() {
        List<ManagedApp> all;
        synchronized (this) {
            all = List.copyOf(apps.values());
            apps.clear();
        }
        retirements.close();
        List<Instance> instances = new ArrayList<>();
        for (ManagedApp app : all) {
            app.instances().forEach(Instance::retire);
            app.proxy().close();
            instances.addAll(app.instances());
        }
        supervisor.stopAll(instances, true);
    }

    /** An instance's readiness or process changed: save it (desired.json names the pids to adopt) and re-route. */
    private void instanceChanged(Instance instance) {
        synchronized (this) {
            for (ManagedApp app : apps.values()) {
                if (app.owner(instance).isPresent()) {
                    app.reroute();
                    persist();
                    return;
                }
            }
        }
    }

    @Override
    public synchronized Optional<List<Instance>> unwanted(String name, String releaseId) {
        return withoutTraffic(name, releaseId).flatMap(app -> app.release(releaseId)).map(ManagedRelease::live);
    }

    @Override
    public synchronized Optional<List<Instance>> retireDrained(String name, String releaseId, List<Instance> drained) {
        return withoutTraffic(name, releaseId).map(app -> {
            List<Instance> owned = drained.stream().filter(instance -> app.owner(instance).isPresent()).toList();
            owned.forEach(Instance::retire);
            return owned;
        });
    }

    private Optional<ManagedApp> withoutTraffic(String name, String releaseId) {
        return Optional.ofNullable(apps.get(name)).filter(app -> !app.wanted(releaseId));
    }

    @Override
    public synchronized void stopped(String name) {
        Optional.ofNullable(apps.get(name)).ifPresent(app -> {
            app.pruneStopped(KEEP_STOPPED);
            persist();
        });
    }

    /** Each release's traffic through the app's proxy over the window ending now. */
    synchronized List<ReleaseTraffic> traffic(String name, Duration window) {
        return require(name).proxy().metrics().traffic(window);
    }

    /** The traffic totals of every app's proxy, by app and release. */
    synchronized Map<String, Map<String, TrafficCounts.Tally>> trafficTotals() {
        Map<String, Map<String, TrafficCounts.Tally>> totals = new TreeMap<>();
        apps.forEach((name, app) -> totals.put(name, app.proxy().metrics().totals()));
        return totals;
    }

    /** The host certificate (created on first use, beside desired.json) when the proxy serves TLS. */
    private Optional<HostCertificate> certificate(boolean tls) {
        return tls ? Optional.of(HostCertificate.ensure(store.file().resolveSibling("tls"))) : Optional.empty();
    }

    private ManagedApp require(String name) {
        ManagedApp app = apps.get(name);
        if (app == null) {
            throw AgentError.notFound("the agent serves no app named " + name);
        }
        return app;
    }

    private static ManagedRelease requireRelease(ManagedApp app, String releaseId) {
        return app.release(releaseId).orElseThrow(() ->
                AgentError.notFound("app " + app.name() + " has no release " + releaseId + " in this agent"));
    }

    private void persist() {
        Map<String, DesiredState.DesiredApp> desired = new TreeMap<>();
        apps.forEach((name, app) -> desired.put(name, app.desired()));
        store.save(new DesiredState(DesiredState.SCHEMA_VERSION, desired));
    }
}
