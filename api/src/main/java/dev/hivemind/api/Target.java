package dev.hivemind.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an app runs. Targets are plugins found with {@link java.util.ServiceLoader}; the engine drives
 * them through this interface only.
 */
public interface Target {

    /** The name used with {@code --target}, e.g. {@code local}. */
    String name();

    /** Checks what this target needs before anything changes (ports, disk, write access). */
    List<PreflightCheck> preflight(DeployRequest request, String app);

    /** Creates what the app runs on: the public port, directories. Idempotent for the same app. */
    Infrastructure provision(ProvisionRequest request, Progress progress);

    /** Starts the release, health-gates it and shifts traffic to it with the request's strategy. */
    DeploymentConfig deploy(ReleaseSpec release, Progress progress);

    /** Checks and tightens the running app; what it found goes to the state. */
    SecurityConfig harden(String app, DeploymentConfig config, Infrastructure infrastructure);

    /**
     * What running {@code infrastructure} costs a month, in US dollars, as far as the target can estimate it:
     * 0 for the user's own machine. Kept in the state as {@code estimated_cost_per_month}.
     */
    double estimatedCostPerMonth(Infrastructure infrastructure);

    /** The URL clients use. */
    String publicUrl(Infrastructure infrastructure);

    /** Switches back to an earlier release (the previous one when {@code release} is empty). */
    RollbackResult rollback(String app, Optional<String> release, Progress progress);

    /** Stops every instance and the proxy of the app and frees its port. */
    void destroy(String app, Progress progress);

    /** A dry run of provision and deploy: what would be created, started and which traffic moves. */
    List<String> plan(ProvisionRequest request);

    /** What provision gets: the app, its deployment and the user's request. */
    record ProvisionRequest(String app, String deploymentId, DeployRequest request) { }

    /**
     * A release to start.
     *
     * @param releaseId    the deployment id that built it
     * @param artifact     the artifact directory
     * @param startCommand run by {@code /bin/sh -c} in the artifact directory
     * @param environment  the app's environment (without PORT, which the target sets)
     * @param healthPath   the path the probes request (resolved)
     * @param health       the probes' interval, timeout, threshold and startup deadline
     */
    record ReleaseSpec(String app, String releaseId, Path artifact, String startCommand,
                       Map<String, String> environment, String healthPath, Strategy strategy,
                       Infrastructure infrastructure, HealthCheck health) {
        public ReleaseSpec {
            environment = Map.copyOf(environment);
        }
    }

    /** What a rollback did: the release now serving and how long the traffic switch took. */
    record RollbackResult(String fromRelease, String toRelease, Duration switchTime) { }
}
