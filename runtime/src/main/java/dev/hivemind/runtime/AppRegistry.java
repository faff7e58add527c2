package dev.hivemind.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The apps the agent serves and what its API does to them. Every change is saved to desired.json before the answer;
 * slow work (graceful stops, drains) runs outside the lock so views stay quick.
 */
final class AppRegistry implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AppRegistry.class.getName());
    /** How many stopped releases per app stay visible (and in desired.json) after their switch. */
    static final int KEEP_STOPPED = 3;

    private final Supervisor supervisor;
    private final DesiredStateStore store;
    private final AgentSettings settings;
    private final Map<String, ManagedApp> apps = new TreeMap<>();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    AppRegistry(Supervisor supervisor, DesiredStateStore store, AgentSettings settings) {
        this.supervisor = supervisor;
        this.store = store;
        this.settings = settings;
    }

    synchronized List<String> names() {
        return List.copyOf(apps.keySet());
    }

    synchronized Optional<AppView> app(String name) {
        return Optional.ofNullable(apps.get(name)).map(ManagedApp::view);
    }

    synchronized InstanceView release(String name, String releaseId) {
        return require(name).instance(releaseId).orElseThrow(() -> noInstance(name, releaseId)).view();
    }

    /** Makes the app's proxy listen on the address (idempotent; a new address moves the proxy). */
    synchronized AppView ensureApp(String name, int port, String bindAddress) {
        return ensureApp(name, port, bindAddress, false);
    }

    /**
     * Makes the app's proxy listen on the address, serving HTTPS with the host certificate when {@code tls}
     * (idempotent; a new address or TLS setting re-opens the proxy).
     */
    synchronized AppView ensureApp(String name, int port, String bindAddress, boolean tls) {
        Names.app(name);
        ManagedApp app = apps.get(name);
        if (app != null && app.proxy().listensOn(port, bindAddress, tls)) {
            return app.view();
        }
        apps.values().stream().filter(other -> !other.name().equals(name) && other.proxy().port() == port).findFirst()
                .ifPresent(other -> {
                    throw AgentError.conflict("port " + port + " is the public port of app " + other.name());
                });
        if (app == null) {
            app = new ManagedApp(name, EdgeProxy.open(name, port, bindAddress, settings.proxyIdleTimeout(),
                    certificate(tls)));
            apps.put(name, app);
        } else {
            app.proxy().listen(port, bindAddress, certificate(tls));
        }
        persist();
        return app.view();
    }

    /** Starts an instance of the release; a stopped, crashed or unhealthy one of the same id is replaced. */
    InstanceView startRelease(String name, ReleaseLaunch launch) {
        Instance replaced;
        synchronized (this) {
            ManagedApp app = require(name);
            replaced = app.instance(launch.releaseId()).orElse(null);
            if (replaced != null && replaced.running()) {
                throw AgentError.conflict("release " + launch.releaseId() + " of app " + name + " is already "
                        + replaced.view().state().wire() + "; stop it first to start it again");
            }
            if (replaced != null) {
                app.detach(launch.releaseId());
                replaced.retire();
            }
        }
        if (replaced != null) {
            supervisor.stop(replaced);
        }
        synchronized (this) {
            ManagedApp app = require(name);
            if (app.instance(launch.releaseId()).isPresent()) {
                throw AgentError.conflict("release " + launch.releaseId() + " of app " + name + " is being started");
            }
            Instance instance = supervisor.start(name, launch, healthy -> instanceChanged(name, healthy));
            app.add(instance);
            persist();
            return instance.view();
        }
    }

    /** Routes the app's traffic to a healthy release, then drains and stops the previous one in the background. */
    synchronized SwitchResult switchTo(String name, String releaseId, Duration drainTimeout) {
        ManagedApp app = require(name);
        Instance next = app.instance(releaseId).orElseThrow(() -> noInstance(name, releaseId));
        if (!next.healthy()) {
            throw AgentError.conflict("release " + releaseId + " of app " + name + " is " + next.view().state().wire()
                    + ", not healthy; traffic stays on " + app.active().orElse("no release"));
        }
        Optional<String> previous = app.active();
        long started = System.nanoTime();
        Optional<Backend> before = app.proxy().route(new Backend(releaseId, next.port()));
        long micros = (System.nanoTime() - started) / 1_000;
        app.activate(releaseId);
        persist();
        if (previous.isEmpty() || previous.get().equals(releaseId)) {
            return new SwitchResult(Optional.empty(), micros);
        }
        background.execute(() -> retire(name, previous.get(), before, drainTimeout));
        return new SwitchResult(previous, micros);
    }

    /** Stops the release's instance gracefully and forgets the release; the active one leaves the app without traffic. */
    void stopRelease(String name, String releaseId) {
        Optional<Instance> instance;
        synchronized (this) {
            ManagedApp app = require(name);
            if (!app.knows(releaseId)) {
                throw noInstance(name, releaseId);
            }
            instance = app.instance(releaseId);
            if (app.isActive(releaseId)) {
                app.proxy().unroute();
                app.deactivate();
            }
            app.forget(releaseId);
            instance.ifPresent(Instance::retire);
            persist();
        }
        instance.ifPresent(supervisor::stop);
    }

    /** Closes the app's proxy, stops its instances and forgets it. */
    void removeApp(String name) {
        ManagedApp app;
        synchronized (this) {
            app = require(name);
            apps.remove(name);
            app.instances().forEach(Instance::retire);
            persist();
        }
        app.proxy().close();
        supervisor.stopAll(app.instances());
    }

    /**
     * Brings back what desired.json holds: each app's proxy, the recorded instances that still run (adopted, and the
     * active one routed at once), and the active release freshly started when its instance is gone.
     */
    synchronized void restore(DesiredState state) {
        state.apps().forEach((name, desired) -> {
            try {
                restoreApp(name, desired);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot restore app " + name + ": " + e.getMessage(), e);
            }
        });
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
        background.shutdownNow();
        List<Instance> instances = new ArrayList<>();
        for (ManagedApp app : all) {
            app.instances().forEach(Instance::retire);
            app.proxy().close();
            instances.addAll(app.instances());
        }
        supervisor.stopAll(instances);
    }

    private void restoreApp(String name, DesiredState.DesiredApp desired) {
        EdgeProxy proxy;
        try {
            proxy = EdgeProxy.open(name, desired.publicPort(), desired.bindAddress(), settings.proxyIdleTimeout(),
                    certificate(desired.tls()));
        } catch (AgentError e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "; PUT /v1/apps/" + name + " again once it is free");
            proxy = EdgeProxy.closed(name, desired.publicPort(), desired.bindAddress(), settings.proxyIdleTimeout(),
                    certificate(desired.tls()));
        }
        ManagedApp app = new ManagedApp(name, proxy);
        apps.put(name, app);
        desired.launches().values().forEach(app::remember);
        desired.activeRelease().ifPresent(app::activate);
        desired.releases().forEach((releaseId, release) ->
                release.instance().ifPresent(recorded -> adoptIfRunning(app, releaseId, recorded)));
        desired.activeRelease().filter(releaseId -> app.instance(releaseId).isEmpty()).flatMap(app::launch)
                .ifPresent(launch -> {
                    if (desired.releases().get(launch.releaseId()).instance().isEmpty()) {
                        LOG.log(System.Logger.Level.INFO, "app " + name + " release " + launch.releaseId()
                                + ": started fresh because no running instance was recorded");
                    }
                    app.add(supervisor.start(name, launch, healthy -> instanceChanged(name, healthy)));
                });
    }

    private void adoptIfRunning(ManagedApp app, String releaseId, DesiredState.RecordedInstance recorded) {
        String release = "app " + app.name() + " release " + releaseId + ": ";
        switch (Adoption.decide(recorded, ProcStat.read(recorded.pid()))) {
            case Adoption.Adopt adopt -> {
                ReleaseLaunch launch = app.launch(releaseId).orElseThrow();
                app.add(supervisor.adopt(app.name(), launch, recorded.port(), adopt.process(),
                        healthy -> instanceChanged(app.name(), healthy)));
                if (app.isActive(releaseId)) {
                    app.proxy().route(new Backend(releaseId, recorded.port()));
                }
                LOG.log(System.Logger.Level.INFO, release + "adopted pid " + recorded.pid() + " on port "
                        + recorded.port() + (app.isActive(releaseId) ? ", routing traffic to it" : ""));
            }
            case Adoption.StartFresh fresh -> LOG.log(System.Logger.Level.INFO, release
                    + (app.isActive(releaseId) ? "started fresh" : "not started (not the active release)")
                    + " because " + fresh.reason());
        }
    }

    /**
     * A restored or replaced active release gets the traffic as soon as it is healthy; every restart and every healthy
     * instance is saved, so desired.json names the pid a restarted agent would adopt.
     */
    private void instanceChanged(String name, Instance instance) {
        synchronized (this) {
            ManagedApp app = apps.get(name);
            if (app == null || app.instance(instance.releaseId()).orElse(null) != instance) {
                return;
            }
            persist();
            if (!app.isActive(instance.releaseId()) || !instance.healthy()) {
                return;
            }
            boolean routed = app.proxy().current().filter(backend -> backend.port() == instance.port()).isPresent();
            if (!routed) {
                app.proxy().route(new Backend(instance.releaseId(), instance.port()));
            }
        }
    }

    private void retire(String name, String releaseId, Optional<Backend> before, Duration drainTimeout) {
        before.ifPresent(backend -> {
            if (!EdgeProxy.drain(backend, drainTimeout) && !Thread.currentThread().isInterrupted()) {
                LOG.log(System.Logger.Level.WARNING, backend.inFlight() + " request(s) to " + backend
                        + " still in flight after " + drainTimeout.toMillis() + " ms; stopping it anyway");
            }
        });
        if (Thread.currentThread().isInterrupted()) {
            return; // the agent is shutting down and stops every instance itself
        }
        Instance old;
        synchronized (this) {
            ManagedApp app = apps.get(name);
            if (app == null || app.isActive(releaseId) || app.instance(releaseId).isEmpty()) {
                return; // removed, switched back, or stopped meanwhile
            }
            old = app.instance(releaseId).get();
            old.retire();
        }
        supervisor.stop(old);
        synchronized (this) {
            ManagedApp app = apps.get(name);
            if (app != null) {
                app.pruneStopped(KEEP_STOPPED);
                persist();
            }
        }
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

    private static AgentError noInstance(String name, String releaseId) {
        return AgentError.notFound("app " + name + " has no release " + releaseId + " in this agent");
    }

    private void persist() {
        Map<String, DesiredState.DesiredApp> desired = new TreeMap<>();
        apps.forEach((name, app) -> desired.put(name, app.desired()));
        store.save(new DesiredState(DesiredState.SCHEMA_VERSION, desired));
    }
}
