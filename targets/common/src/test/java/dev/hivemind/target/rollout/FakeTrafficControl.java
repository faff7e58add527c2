package dev.hivemind.target.rollout;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.TrafficSample;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * An in-memory agent for the rollout logic: releases with ready replicas, the proxy's weights, and traffic figures
 * given by the test per release and current weight. A release can be made to fail health gating from some size on.
 */
final class FakeTrafficControl implements TrafficControl {
    final Map<String, Integer> ready = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<Map<String, Integer>> weightHistory = new ArrayList<>();
    private final Map<String, Integer> failsFrom = new HashMap<>();
    private Map<String, Integer> weights = Map.of();
    private Optional<String> stable = Optional.empty();
    private BiFunction<String, Integer, TrafficSample> served = (release, weight) -> TrafficSample.none(release,
            Duration.ofSeconds(1));

    FakeTrafficControl serving(String release, int replicas) {
        ready.put(release, replicas);
        stable = Optional.of(release);
        weights = Map.of(release, 100);
        return this;
    }

    /** Instances of {@code release} beyond {@code healthy} never become ready. */
    FakeTrafficControl failingBeyond(String release, int healthy) {
        failsFrom.put(release, healthy);
        return this;
    }

    FakeTrafficControl traffic(BiFunction<String, Integer, TrafficSample> figures) {
        this.served = figures;
        return this;
    }

    Map<String, Integer> weights() {
        return weights;
    }

    @Override
    public Optional<String> stable(String app) {
        return stable;
    }

    @Override
    public int readyReplicas(String app, String releaseId) {
        return ready.getOrDefault(releaseId, 0);
    }

    /** Nothing here is ever half-started: a release runs with ready replicas or does not run. */
    @Override
    public boolean starting(String app, String releaseId) {
        return false;
    }

    /** Its ready replicas; a release that does not run fails the wait, as one stopped while starting does. */
    @Override
    public int awaitStarting(String app, Release release, Progress progress) {
        calls.add("await " + release.releaseId());
        int replicas = readyReplicas(app, release.releaseId());
        if (replicas == 0) {
            throw new DeploymentException(Agent.DEPLOYER, "release " + release.releaseId() + " does not run",
                    "Waiting for release " + release.releaseId() + " of " + app, "Run the command again");
        }
        return replicas;
    }

    @Override
    public void start(String app, Release release, RolloutPolicy policy, int replicas, Progress progress) {
        calls.add("start " + release.releaseId() + " x" + replicas);
        grow(release.releaseId(), replicas);
    }

    @Override
    public void scale(String app, String releaseId, int replicas, Progress progress) {
        calls.add("scale " + releaseId + " x" + replicas);
        grow(releaseId, replicas);
    }

    private void grow(String releaseId, int replicas) {
        int limit = failsFrom.getOrDefault(releaseId, Integer.MAX_VALUE);
        if (replicas > limit) {
            ready.put(releaseId, Math.max(limit, ready.getOrDefault(releaseId, 0)));
            throw new DeploymentException(Agent.DEPLOYER, "instance " + (limit + 1) + " of " + releaseId
                    + " never became healthy", "Health-gating " + releaseId, "Check its log");
        }
        ready.put(releaseId, replicas);
    }

    @Override
    public void weights(String app, Map<String, Integer> next) {
        next.forEach((release, weight) -> {
            if (weight > 0 && ready.getOrDefault(release, 0) == 0) {
                throw new IllegalStateException("weight for " + release + " without a ready instance");
            }
        });
        calls.add("weights " + new java.util.TreeMap<>(next));
        weights = Map.copyOf(next);
        weightHistory.add(weights);
    }

    @Override
    public Promotion promote(String app, String releaseId, Duration drain) {
        calls.add("promote " + releaseId);
        Optional<String> previous = stable.filter(old -> !old.equals(releaseId));
        previous.ifPresent(ready::remove);
        stable = Optional.of(releaseId);
        weights = Map.of(releaseId, 100);
        return new Promotion(previous, Duration.ofMillis(1));
    }

    @Override
    public void stop(String app, String releaseId) {
        calls.add("stop " + releaseId);
        ready.remove(releaseId);
    }

    @Override
    public Map<String, TrafficSample> traffic(String app, Duration window) {
        Map<String, TrafficSample> samples = new HashMap<>();
        weights.forEach((release, weight) -> samples.put(release, served.apply(release, weight)));
        return samples;
    }
}
