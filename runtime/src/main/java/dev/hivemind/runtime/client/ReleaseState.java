package dev.hivemind.runtime.client;

import java.util.Collection;
import java.util.Locale;

/**
 * Where a release stands, summarising its instances; on the wire in lower case with dashes ({@code crash-looping}).
 */
public enum ReleaseState {
    /** Instances are starting (or restarting) and none is ready yet. */
    STARTING,
    /** Every wanted replica is ready. */
    HEALTHY,
    /** Some instances are ready, not all wanted replicas. */
    DEGRADED,
    /** Instances run but none is ready: startup deadline passed, or the readiness probe fails. */
    UNHEALTHY,
    /** At least one instance restarted too often within the crash-loop window; the agent keeps retrying it. */
    CRASH_LOOPING,
    /** An instance could not be started at all (missing directory, spawn failure). */
    CRASHED,
    /** Nothing runs: stopped on purpose, or scaled to zero. */
    STOPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ReleaseState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The summary of a release's instances when {@code replicas} are wanted. */
    public static ReleaseState of(int replicas, Collection<InstanceView> instances) {
        long ready = instances.stream().filter(InstanceView::ready).count();
        long live = instances.stream().filter(view -> view.state() != InstanceState.STOPPED).count();
        if (instances.stream().anyMatch(InstanceView::crashLooping)) {
            return CRASH_LOOPING;
        }
        if (ready > 0) {
            return ready >= replicas && ready == live ? HEALTHY : DEGRADED;
        }
        if (instances.stream().anyMatch(view -> view.state() == InstanceState.STARTING)) {
            return STARTING;
        }
        if (instances.stream().anyMatch(view -> view.state() == InstanceState.UNHEALTHY
                || view.state() == InstanceState.HEALTHY)) {
            return UNHEALTHY;
        }
        if (instances.stream().anyMatch(view -> view.state() == InstanceState.CRASHED)) {
            return CRASHED;
        }
        return STOPPED;
    }
}
