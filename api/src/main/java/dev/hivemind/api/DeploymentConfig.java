package dev.hivemind.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the app runs once deployed.
 *
 * @param appPort              the public port clients use (the proxy's)
 * @param instancePort         the loopback port the release's instance listens on
 * @param healthCheckPath      the path the probes request
 * @param serviceName          the app's name
 * @param serviceStatus        {@code running}, {@code stopped}, ...
 * @param releaseId            the release now serving (the deployment id that built it)
 * @param environmentVariables names of the variables given to the app, values redacted
 * @param logPath              the instance's log file
 * @param pid                  the instance's process id
 */
public record DeploymentConfig(
        int appPort,
        int instancePort,
        String healthCheckPath,
        String serviceName,
        String serviceStatus,
        String releaseId,
        Map<String, String> environmentVariables,
        String logPath,
        Optional<Long> pid) {

    public DeploymentConfig {
        Objects.requireNonNull(healthCheckPath, "healthCheckPath");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(serviceStatus, "serviceStatus");
        Objects.requireNonNull(releaseId, "releaseId");
        environmentVariables = Map.copyOf(environmentVariables);
        Objects.requireNonNull(logPath, "logPath");
        Objects.requireNonNull(pid, "pid");
    }
}
