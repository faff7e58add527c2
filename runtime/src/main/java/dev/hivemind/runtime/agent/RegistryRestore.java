package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.client.AgentError;
import dev.hivemind.runtime.proxy.EdgeProxy;
import dev.hivemind.runtime.proxy.HostCertificate;
import dev.hivemind.runtime.proxy.ProxyLimits;
import dev.hivemind.runtime.supervisor.Instance;
import dev.hivemind.runtime.supervisor.ProcStat;
import dev.hivemind.runtime.supervisor.Supervisor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Brings one app back from desired.json when the agent starts: its proxy on the same address, every recorded instance
 * that still runs adopted (same pid, same port) and routed as the weights were, then its backing services brought up,
 * then the releases with traffic topped up to their replicas with fresh instances. Adopted instances of releases without traffic are handed back
 * to be stopped.
 */
final class RegistryRestore {
    private static final System.Logger LOG = System.getLogger(RegistryRestore.class.getName());

    private final Supervisor supervisor;
    private final Consumer<Instance> onChange;

    RegistryRestore(Supervisor supervisor, Consumer<Instance> onChange) {
        this.supervisor = supervisor;
        this.onChange = onChange;
    }

    /**
     * Restores every app of {@code state}, each registered through {@code register} before its instances start; an
     * app that cannot be restored is logged and left out. Returns the adopted instances of releases without traffic,
     * to be stopped.
     */
    List<Instance> restoreAll(DesiredState state, BiConsumer<String, ManagedApp> register, ProxyLimits limits,
                              Function<Boolean, Optional<HostCertificate>> certificate) {
        List<Instance> unwanted = new ArrayList<>();
        state.apps().forEach((name, desired) -> {
            try {
                unwanted.addAll(restore(name, desired, app -> register.accept(name, app), limits,
                        certificate.apply(desired.tls())));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot restore app " + name + ": " + e.getMessage(), e);
            }
        });
        return unwanted;
    }

    /** Restores the app (registered through {@code register} before its instances start); returns what to stop. */
    private List<Instance> restore(String name, DesiredState.DesiredApp desired, Consumer<ManagedApp> register,
                                   ProxyLimits limits, Optional<HostCertificate> certificate) {
        ManagedApp app = new ManagedApp(name, proxy(name, desired, limits, certificate));
        register.accept(app);
        app.services(desired.services());
        app.restoreActive(desired.activeRelease());
        app.weights(desired.weights());
        List<Instance> unwanted = new ArrayList<>();
        desired.releases().forEach((releaseId, recorded) -> {
            ManagedRelease release = app.release(recorded.launch(releaseId));
            boolean wanted = desired.wanted(releaseId);
            for (DesiredState.RecordedInstance instance : recorded.instances()) {
                adoptIfRunning(app, release, instance, wanted).ifPresent(unwanted::add);
            }
        });
        app.reroute(); // what still runs serves at once; checking the backing services costs a process each
        BackingServices.ensure(name, desired.services()); // before any instance of the app starts
        desired.releases().forEach((releaseId, recorded) -> {
            if (desired.wanted(releaseId)) {
                startMissing(app, app.release(recorded.launch(releaseId)), recorded.instances().isEmpty());
            }
        });
        app.reroute();
        return unwanted;
    }

    private static EdgeProxy proxy(String name, DesiredState.DesiredApp desired, ProxyLimits limits,
                                   Optional<HostCertificate> certificate) {
        try {
            return EdgeProxy.open(name, desired.publicPort(), desired.bindAddress(), limits, certificate);
        } catch (AgentError e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "; PUT /v1/apps/" + name + " again once it is free");
            return EdgeProxy.closed(name, desired.publicPort(), desired.bindAddress(), limits, certificate);
        }
    }

    /** Adopts the instance if it still runs; returns it when it belongs to a release without traffic. */
    private Optional<Instance> adoptIfRunning(ManagedApp app, ManagedRelease release,
                                                        DesiredState.RecordedInstance recorded, boolean wanted) {
        String what = "app " + app.name() + " release " + release.releaseId() + " replica " + recorded.replica() + ": ";
        switch (Adoption.decide(recorded, ProcStat.read(recorded.pid()))) {
            case Adoption.Adopt adopt -> {
                Instance instance = supervisor.adopt(app.name(), release.launch(), recorded, adopt.process(), onChange);
                if (!wanted) {
                    instance.retire();
                    LOG.log(System.Logger.Level.INFO, what + "stopping pid " + recorded.pid()
                            + ": the release has no traffic any more (it was being drained when the agent stopped)");
                    return Optional.of(instance);
                }
                release.add(instance);
                LOG.log(System.Logger.Level.INFO, what + "adopted pid " + recorded.pid() + " on port " + recorded.port());
            }
            case Adoption.StartFresh fresh -> {
                supervisor.forget(recorded);
                LOG.log(System.Logger.Level.INFO, what + (wanted ? "started fresh" : "not started (the release has "
                        + "no traffic)") + " because " + fresh.reason());
            }
        }
        return Optional.empty();
    }

    private void startMissing(ManagedApp app, ManagedRelease release, boolean noneRecorded) {
        int missing = release.launch().policy().replicas() - release.live().size();
        if (missing > 0 && noneRecorded) {
            LOG.log(System.Logger.Level.INFO, "app " + app.name() + " release " + release.releaseId()
                    + ": started fresh because no running instance was recorded");
        }
        for (int i = 0; i < missing; i++) {
            try {
                release.add(supervisor.start(app.name(), release.launch(), release.freeReplicaNumber(), onChange));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "app " + app.name() + " release " + release.releaseId()
                        + ": cannot start a replica: " + e.getMessage());
                return;
            }
        }
    }
}
