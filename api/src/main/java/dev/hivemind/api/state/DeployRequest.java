package dev.hivemind.api.state;

import dev.hivemind.api.remote.CloudSettings;
import dev.hivemind.api.remote.ClusterSettings;
import dev.hivemind.api.remote.HostSelection;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the user asked for, kept in the state so {@code resume} and {@code retry} run the same deployment.
 * Environment values are not here: they may be secrets and live in a 0600 file beside the state.
 *
 * @param source        the SOURCE argument: an absolute directory path or a git URL
 * @param appDir        a sub-directory of the repository holding the app
 * @param requestedPort the public port asked for with {@code --port}
 * @param publicBind    whether the proxy listens on every interface rather than 127.0.0.1
 * @param health        how a new release is judged healthy
 * @param freshStart    whether to ignore the clone and build caches: clone and build from scratch
 * @param environment   the environment deployed to ({@code dev}, {@code test}, {@code staging}, {@code prod}): the
 *                      {@code hivemind.yaml} overlay applied
 * @param gates         the stages that wait for a person's approval before they run, in pipeline order
 *                      (a state written before gates existed has none)
 * @param gateTimeout   how long a gate may wait before it rejects by itself; none: until approved or rejected
 * @param tls           whether the proxy serves HTTPS on the public port (a self-signed certificate for the host) and
 *                      redirects plain HTTP
 * @param rollout       replicas, canary steps and analysis, rolling batches, probes, draining (a state written
 *                      before rollouts existed gets the defaults)
 * @param hosts         the servers of a remote target ({@code --host}); none for the local target
 * @param cloud         what a cloud target is asked for ({@code --region}, {@code aws:}); none for the others
 * @param cluster       what the kubernetes target is asked for ({@code --context}, {@code --registry}); none for the
 *                      others
 */
public record DeployRequest(
        String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort, boolean publicBind,
        HealthCheck health, boolean freshStart, String environment, List<StageName> gates,
        Optional<Duration> gateTimeout, boolean tls, RolloutPolicy rollout, HostSelection hosts, CloudSettings cloud,
        ClusterSettings cluster) {
    /** The environment of a deployment that names none, and of states written before environments existed. */
    public static final String DEFAULT_ENVIRONMENT = "dev";

    public DeployRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(appDir, "appDir");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(requestedPort, "requestedPort");
        Objects.requireNonNull(health, "health");
        // A state.json written before environments existed has no environment: it was a dev deployment.
        environment = environment == null || environment.isBlank() ? DEFAULT_ENVIRONMENT : environment;
        gates = gates == null ? List.of() : List.copyOf(new TreeSet<>(gates));
        gateTimeout = gateTimeout == null ? Optional.empty() : gateTimeout;
        gateTimeout.filter(timeout -> timeout.isNegative() || timeout.isZero()).ifPresent(timeout -> {
            throw new IllegalArgumentException("a gate timeout must be positive, not " + timeout);
        });
        rollout = rollout == null ? RolloutPolicy.defaults() : rollout;
        hosts = hosts == null ? HostSelection.none() : hosts;
        cloud = cloud == null ? CloudSettings.none() : cloud;
        cluster = cluster == null ? ClusterSettings.none() : cluster;
    }

    /** A request of no cluster. */
    public DeployRequest(String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort,
                         boolean publicBind, HealthCheck health, boolean freshStart, String environment,
                         List<StageName> gates, Optional<Duration> gateTimeout, boolean tls, RolloutPolicy rollout,
                         HostSelection hosts, CloudSettings cloud) {
        this(source, appDir, strategy, requestedPort, publicBind, health, freshStart, environment, gates, gateTimeout,
                tls, rollout, hosts, cloud, ClusterSettings.none());
    }

    /** A request to {@code hosts} (none for this machine), of no cloud. */
    public DeployRequest(String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort,
                         boolean publicBind, HealthCheck health, boolean freshStart, String environment,
                         List<StageName> gates, Optional<Duration> gateTimeout, boolean tls, RolloutPolicy rollout,
                         HostSelection hosts) {
        this(source, appDir, strategy, requestedPort, publicBind, health, freshStart, environment, gates, gateTimeout,
                tls, rollout, hosts, CloudSettings.none());
    }

    /** A request for this machine (no remote hosts). */
    public DeployRequest(String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort,
                         boolean publicBind, HealthCheck health, boolean freshStart, String environment,
                         List<StageName> gates, Optional<Duration> gateTimeout, boolean tls, RolloutPolicy rollout) {
        this(source, appDir, strategy, requestedPort, publicBind, health, freshStart, environment, gates, gateTimeout,
                tls, rollout, HostSelection.none());
    }

    /** This request on {@code selection}'s hosts. */
    public DeployRequest withHosts(HostSelection selection) {
        return new DeployRequest(source, appDir, strategy, requestedPort, publicBind, health, freshStart, environment,
                gates, gateTimeout, tls, rollout, selection, cloud, cluster);
    }

    /** This request with {@code settings} for a cloud target. */
    public DeployRequest withCloud(CloudSettings settings) {
        return new DeployRequest(source, appDir, strategy, requestedPort, publicBind, health, freshStart, environment,
                gates, gateTimeout, tls, rollout, hosts, settings, cluster);
    }

    /** This request with {@code settings} for the kubernetes target. */
    public DeployRequest withCluster(ClusterSettings settings) {
        return new DeployRequest(source, appDir, strategy, requestedPort, publicBind, health, freshStart, environment,
                gates, gateTimeout, tls, rollout, hosts, cloud, settings);
    }

    /** A request without TLS, with the default rollout policy. */
    public DeployRequest(String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort,
                         boolean publicBind, HealthCheck health, boolean freshStart, String environment,
                         List<StageName> gates, Optional<Duration> gateTimeout) {
        this(source, appDir, strategy, requestedPort, publicBind, health, freshStart, environment, gates, gateTimeout,
                false, RolloutPolicy.defaults());
    }

    /** A request to the default environment, with approval gates. */
    public DeployRequest(String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort,
                         boolean publicBind, HealthCheck health, boolean freshStart, List<StageName> gates,
                         Optional<Duration> gateTimeout) {
        this(source, appDir, strategy, requestedPort, publicBind, health, freshStart, DEFAULT_ENVIRONMENT, gates,
                gateTimeout);
    }

    /** A request to an environment, without approval gates. */
    public DeployRequest(String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort,
                         boolean publicBind, HealthCheck health, boolean freshStart, String environment) {
        this(source, appDir, strategy, requestedPort, publicBind, health, freshStart, environment, List.of(),
                Optional.empty());
    }

    /** A request to the default environment, without approval gates. */
    public DeployRequest(String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort,
                         boolean publicBind, HealthCheck health, boolean freshStart) {
        this(source, appDir, strategy, requestedPort, publicBind, health, freshStart, DEFAULT_ENVIRONMENT);
    }

    /** A request that may use the caches. */
    public DeployRequest(String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort,
                         boolean publicBind, HealthCheck health) {
        this(source, appDir, strategy, requestedPort, publicBind, health, false);
    }

    /** A request with the default health check. */
    public DeployRequest(
            String source, Optional<String> appDir, Strategy strategy, Optional<Integer> requestedPort, boolean publicBind) {
        this(source, appDir, strategy, requestedPort, publicBind, HealthCheck.defaults());
    }
}
