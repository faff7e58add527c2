package dev.hivemind.runtime.client;

import dev.hivemind.api.rollout.ResourceLimits;
import dev.hivemind.api.rollout.RolloutPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the agent runs the instances of one release: how many, the probes that keep them in rotation or restart them,
 * how one leaving rotation is drained and stopped, and when a restarting one counts as crash-looping.
 *
 * @param replicas     instances of the release, each on its own loopback port, balanced by the proxy
 * @param readiness    probed after the startup probe passed: failures take the instance out of rotation, a pass
 *                     brings it back (empty: the startup probe alone gates traffic)
 * @param liveness     probed after the startup probe passed: failures restart the instance (empty: only exits do)
 * @param drainTimeout how long in-flight requests may take after an instance leaves rotation
 * @param stopGrace    how long a stopped instance gets between SIGTERM and SIGKILL
 * @param crashLoop    how many restarts within which window mark an instance crash-looping
 * @param limits       the memory and tasks each instance may use when the agent runs as root
 */
public record InstancePolicy(int replicas, Optional<RolloutPolicy.Probe> readiness,
                             Optional<RolloutPolicy.Probe> liveness, Duration drainTimeout, Duration stopGrace,
                             RolloutPolicy.CrashLoop crashLoop, ResourceLimits limits) {
    /** More instances of one release than this is a typing error, not a plan. */
    public static final int MAX_REPLICAS = 64;

    public InstancePolicy {
        requireReplicas(replicas);
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(crashLoop, "crashLoop");
        if (drainTimeout.isNegative() || stopGrace.isNegative()) {
            throw new IllegalArgumentException("drain timeout and stop grace cannot be negative, got " + drainTimeout
                    + " and " + stopGrace);
        }
        if (crashLoop.restarts() < 1 || crashLoop.window() == null || crashLoop.window().isNegative()
                || crashLoop.window().isZero()) {
            throw new IllegalArgumentException("crash-loop detection needs at least 1 restart in a positive window, got "
                    + crashLoop);
        }
        limits = limits == null ? ResourceLimits.defaults() : limits;
    }

    /** A policy with the default {@link ResourceLimits}. */
    public InstancePolicy(int replicas, Optional<RolloutPolicy.Probe> readiness,
                          Optional<RolloutPolicy.Probe> liveness, Duration drainTimeout, Duration stopGrace,
                          RolloutPolicy.CrashLoop crashLoop) {
        this(replicas, readiness, liveness, drainTimeout, stopGrace, crashLoop, ResourceLimits.defaults());
    }

    /** One replica, no readiness or liveness probe, 30 s drain, 10 s grace, crash-looping at 5 restarts in 5 min. */
    public static InstancePolicy defaults() {
        return of(RolloutPolicy.defaults());
    }

    /** The part of a rollout policy that the agent applies to each release. */
    public static InstancePolicy of(RolloutPolicy policy) {
        return new InstancePolicy(policy.replicas(), policy.readiness(), policy.liveness(), policy.drainTimeout(),
                policy.stopGrace(), policy.crashLoop(), policy.limits());
    }

    public InstancePolicy withReplicas(int count) {
        return new InstancePolicy(count, readiness, liveness, drainTimeout, stopGrace, crashLoop, limits);
    }

    public InstancePolicy withCrashLoop(RolloutPolicy.CrashLoop next) {
        return new InstancePolicy(replicas, readiness, liveness, drainTimeout, stopGrace, next, limits);
    }

    public InstancePolicy withProbes(Optional<RolloutPolicy.Probe> nextReadiness,
                                     Optional<RolloutPolicy.Probe> nextLiveness) {
        return new InstancePolicy(replicas, nextReadiness, nextLiveness, drainTimeout, stopGrace, crashLoop, limits);
    }

    public InstancePolicy withLimits(ResourceLimits next) {
        return new InstancePolicy(replicas, readiness, liveness, drainTimeout, stopGrace, crashLoop, next);
    }

    public InstancePolicy withDrain(Duration nextDrainTimeout, Duration nextStopGrace) {
        return new InstancePolicy(replicas, readiness, liveness, nextDrainTimeout, nextStopGrace, crashLoop, limits);
    }

    public static int requireReplicas(int replicas) {
        if (replicas < 0 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be 0-" + MAX_REPLICAS + ", got " + replicas);
        }
        return replicas;
    }
}
