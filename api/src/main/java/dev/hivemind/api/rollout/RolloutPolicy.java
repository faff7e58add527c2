package dev.hivemind.api.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a release is rolled out and kept running on the host runtime: how many instances serve it, the canary steps and
 * the analysis that judges each, the rolling batches, the readiness and liveness probes, how an instance leaving
 * rotation is drained and stopped, and when a restarting instance counts as crash-looping.
 *
 * @param replicas       instances per release, balanced by the proxy
 * @param canarySteps    the canary's traffic weights in percent, each held for its pause (none: until approved)
 * @param analysis       what a canary must meet at each step
 * @param rollingBatches the share of replicas replaced by each rolling batch, in percent, ending at 100
 * @param readiness      the probe that gates traffic to a started instance (none: the startup probe alone)
 * @param liveness       the probe whose failures restart an instance (none: only exits restart it)
 * @param drainTimeout   how long in-flight requests may take after an instance leaves rotation
 * @param stopGrace      how long a stopped instance gets between SIGTERM and SIGKILL
 * @param crashLoop      how many restarts within which window mark an instance crash-looping
 * @param limits         the memory and tasks each instance may use (when the agent runs as root)
 * @param rollingUpdate  a cluster's rolling update's surge and unavailability (the host runtime uses the batches)
 */
public record RolloutPolicy(int replicas, List<CanaryStep> canarySteps, CanaryThresholds analysis,
                            List<Integer> rollingBatches, Optional<Probe> readiness, Optional<Probe> liveness,
                            Duration drainTimeout, Duration stopGrace, CrashLoop crashLoop, ResourceLimits limits,
                            RollingUpdate rollingUpdate) {

    public RolloutPolicy {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
        }
        canarySteps = List.copyOf(canarySteps);
        if (canarySteps.isEmpty()) {
            throw new IllegalArgumentException("a canary needs at least one step");
        }
        Objects.requireNonNull(analysis, "analysis");
        rollingBatches = List.copyOf(rollingBatches);
        if (rollingBatches.isEmpty() || rollingBatches.stream().anyMatch(p -> p < 1 || p > 100)) {
            throw new IllegalArgumentException("rolling batches are percentages from 1 to 100: " + rollingBatches);
        }
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(stopGrace, "stopGrace");
        if (drainTimeout.isNegative() || stopGrace.isNegative()) {
            throw new IllegalArgumentException("drain timeout and stop grace cannot be negative");
        }
        Objects.requireNonNull(crashLoop, "crashLoop");
        limits = limits == null ? ResourceLimits.defaults() : limits; // a state written before limits existed
        rollingUpdate = rollingUpdate == null ? RollingUpdate.defaults() : rollingUpdate; // likewise
    }

    /** A policy with the default {@link RollingUpdate}. */
    public RolloutPolicy(int replicas, List<CanaryStep> canarySteps, CanaryThresholds analysis,
                         List<Integer> rollingBatches, Optional<Probe> readiness, Optional<Probe> liveness,
                         Duration drainTimeout, Duration stopGrace, CrashLoop crashLoop, ResourceLimits limits) {
        this(replicas, canarySteps, analysis, rollingBatches, readiness, liveness, drainTimeout, stopGrace, crashLoop,
                limits, RollingUpdate.defaults());
    }

    /** A policy with the default {@link ResourceLimits}. */
    public RolloutPolicy(int replicas, List<CanaryStep> canarySteps, CanaryThresholds analysis,
                         List<Integer> rollingBatches, Optional<Probe> readiness, Optional<Probe> liveness,
                         Duration drainTimeout, Duration stopGrace, CrashLoop crashLoop) {
        this(replicas, canarySteps, analysis, rollingBatches, readiness, liveness, drainTimeout, stopGrace, crashLoop,
                ResourceLimits.defaults());
    }

    /**
     * One replica; canary 5 → 25 → 50 → 100 %, 30 s per step; rolling 25 → 50 → 100 %; no readiness or liveness probe
     * beyond the startup probe; 30 s drain, 10 s grace; crash-looping at 5 restarts in 5 minutes; 512M and 256 tasks
     * per instance.
     */
    public static RolloutPolicy defaults() {
        Optional<Duration> thirty = Optional.of(Duration.ofSeconds(30));
        return new RolloutPolicy(1,
                List.of(new CanaryStep(5, thirty), new CanaryStep(25, thirty), new CanaryStep(50, thirty),
                        new CanaryStep(100, Optional.empty())),
                CanaryThresholds.defaults(), List.of(25, 50, 100), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(30), Duration.ofSeconds(10), CrashLoop.defaults());
    }

    public RolloutPolicy withReplicas(int count) {
        return new RolloutPolicy(count, canarySteps, analysis, rollingBatches, readiness, liveness, drainTimeout,
                stopGrace, crashLoop, limits, rollingUpdate);
    }

    /**
     * One canary step.
     *
     * @param weight the canary's share of traffic in percent (1–100)
     * @param pause  how long the step is held and analysed; empty: until {@code hivemind approve ID}
     */
    public record CanaryStep(int weight, Optional<Duration> pause) {
        public CanaryStep {
            if (weight < 1 || weight > 100) {
                throw new IllegalArgumentException("a canary weight is a percentage from 1 to 100, not " + weight);
            }
            Objects.requireNonNull(pause, "pause");
        }
    }

    /**
     * What a canary must meet compared with stable at each step.
     *
     * @param maxErrorRateIncrease percentage points the canary's error rate may exceed stable's (1.0 = 1 pp)
     * @param p95Factor            the canary's p95 may be at most this factor of stable's p95 ...
     * @param p95Slack             ... plus this much
     * @param minRequests          canary requests needed before judging; fewer is inconclusive
     * @param inconclusiveHolds    how many times an inconclusive step is held again before it fails
     */
    public record CanaryThresholds(double maxErrorRateIncrease, double p95Factor, Duration p95Slack, int minRequests,
                                   int inconclusiveHolds) {
        public static CanaryThresholds defaults() {
            return new CanaryThresholds(1.0, 1.5, Duration.ofMillis(50), 20, 3);
        }
    }

    /**
     * A readiness or liveness probe: a GET of {@code path} passes on 2xx/3xx; {@code failureThreshold} consecutive
     * failures take the instance out of rotation (readiness) or restart it (liveness).
     */
    public record Probe(String path, Duration interval, Duration timeout, int failureThreshold) {
        public Probe {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a probe path starts with '/': " + path);
            }
            if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a probe's interval and timeout must be positive");
            }
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("a probe's failure threshold must be at least 1");
            }
        }
    }

    /** An instance restarted {@code restarts} times within {@code window} is crash-looping. */
    public record CrashLoop(int restarts, Duration window) {
        public static CrashLoop defaults() {
            return new CrashLoop(5, Duration.ofMinutes(5));
        }
    }
}
