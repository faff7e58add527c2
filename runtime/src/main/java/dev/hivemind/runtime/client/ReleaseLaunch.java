package dev.hivemind.runtime.client;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent needs to start one release of an app.
 *
 * @param releaseId   the release's id (letters, digits, '.', '_', '-')
 * @param directory   the release directory the command runs in (absolute)
 * @param command     the start command, run by {@code /bin/sh -c}
 * @param environment variables given to the app, besides {@code PORT} and {@code HOST} which the agent sets
 * @param health      the startup probe that health-gates each instance
 * @param policy      replicas, readiness and liveness probes, draining and crash-loop detection
 * @param network     where its instances listen: free loopback ports, or each its own network namespace
 */
public record ReleaseLaunch(String releaseId, Path directory, String command, Map<String, String> environment,
                            HealthSettings health, InstancePolicy policy, InstanceNetwork network) {

    public ReleaseLaunch {
        Names.release(releaseId);
        directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("the start command of release " + releaseId + " is empty");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(policy, "policy");
        network = network == null ? InstanceNetwork.loopback() : network;
    }

    /** A launch on free loopback ports. */
    public ReleaseLaunch(String releaseId, Path directory, String command, Map<String, String> environment,
                         HealthSettings health, InstancePolicy policy) {
        this(releaseId, directory, command, environment, health, policy, InstanceNetwork.loopback());
    }

    /** A launch with the default policy: one replica, no readiness or liveness probe. */
    public ReleaseLaunch(String releaseId, Path directory, String command, Map<String, String> environment,
                         HealthSettings health) {
        this(releaseId, directory, command, environment, health, InstancePolicy.defaults());
    }

    public ReleaseLaunch withPolicy(InstancePolicy next) {
        return new ReleaseLaunch(releaseId, directory, command, environment, health, next, network);
    }

    public ReleaseLaunch withNetwork(InstanceNetwork next) {
        return new ReleaseLaunch(releaseId, directory, command, environment, health, policy, next);
    }

    public ReleaseLaunch withReplicas(int replicas) {
        return withPolicy(policy.withReplicas(replicas));
    }
}
