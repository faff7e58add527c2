package dev.hivemind.runtime.supervisor;

import dev.hivemind.runtime.client.InstancePolicy;
import dev.hivemind.runtime.proxy.Backend;

/**
 * The readiness and liveness probes of one instance's current process, started once it passed its startup probe.
 * The instance joins the rotation at the first readiness pass; readiness failures take it out until a probe passes
 * again; liveness failures restart it.
 */
final class InstanceChecks {
    private final Instance instance;
    private final HealthProber prober;
    private final ProbeHistory history;
    private volatile boolean ready = true;
    private volatile boolean admitted = true;
    private HealthProber.Probing readiness;
    private HealthProber.Probing liveness;

    InstanceChecks(Instance instance, HealthProber prober, ProbeHistory history) {
        this.instance = instance;
        this.prober = prober;
        this.history = history;
    }

    /** Whether the process has been ready at least once: until then it is still starting. */
    boolean admitted() {
        return admitted;
    }

    /** Whether the readiness probe lets the instance take traffic (always, without a readiness probe). */
    boolean ready() {
        return ready;
    }

    /**
     * Starts probing the process; the caller holds the instance's lock. A fresh process is ready once its readiness
     * probe first passes; an adopted one ({@code serving}) stays ready unless the probe fails.
     */
    void start(RunningProcess process, Backend target, InstancePolicy policy, boolean serving) {
        cancel();
        ready = serving || policy.readiness().isEmpty();
        admitted = ready;
        readiness = policy.readiness().map(probe -> prober.watch(target, probe, ready, history, new HealthProber.Watcher() {
            @Override
            public void failing() {
                ready = false;
                instance.readinessChanged(process, false);
            }

            @Override
            public void passing() {
                ready = true;
                admitted = true;
                instance.readinessChanged(process, true);
            }
        })).orElse(null);
        liveness = policy.liveness().map(probe -> prober.watch(target, probe, true, history, new HealthProber.Watcher() {
            @Override
            public void failing() {
                // not on the probe's own thread: restarting cancels this probe
                Thread.ofVirtual().name("liveness-restart-" + target).start(() -> instance.livenessFailed(process));
            }

            @Override
            public void passing() {
                // the restart already began when it was failing
            }
        })).orElse(null);
    }

    /** Stops both probes; the caller holds the instance's lock. */
    void cancel() {
        if (readiness != null) {
            readiness.cancel();
            readiness = null;
        }
        if (liveness != null) {
            liveness.cancel();
            liveness = null;
        }
    }
}
