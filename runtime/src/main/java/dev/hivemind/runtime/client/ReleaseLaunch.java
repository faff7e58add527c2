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
 */
public record ReleaseLaunch(String releaseId, Path directory, String command, Map<String, String> environment,
                            HealthSettings health, InstancePolicy policy) {

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
    }

    /** A launch with the default policy: one replica, no readiness or liveness probe. */
    public ReleaseLaunch(String releaseId, Path directory, String command, Map<String, String> environment,
                         HealthSettings health) {
        this(releaseId, directory, command, environment, health, InstancePolicy.defaults());
    }

    public ReleaseLaunch withPolicy(InstancePolicy next) {
        return new ReleaseLaunch(releaseId, directory, command, environment, health, next);
    }

    public ReleaseLaunch withReplicas(int replicas) {
        return withPolicy(policy.withReplicas(replicas));
    }
}
