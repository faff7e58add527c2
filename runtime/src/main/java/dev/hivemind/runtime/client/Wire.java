package dev.hivemind.runtime.client;

import dev.hivemind.api.rollout.ResourceLimits;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.runtime.proxy.ReleaseMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request bodies of the agent's API (and the health part of desired.json). Fields a client leaves out are
 * {@code null} here and get their defaults when turned into model values.
 */
public final class Wire {
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})(s|m)?");

    private Wire() {
    }

    /** {@code PUT /v1/apps/{app}}. */
    /** {@code PUT /v1/apps/{app}}; {@code tls} (absent: no) makes the proxy serve HTTPS with the host certificate. */
    public record AppRequest(Integer publicPort, String bindAddress, Boolean tls) {
        AppRequest(Integer publicPort, String bindAddress) {
            this(publicPort, bindAddress, false);
        }

        public boolean https() {
            return Boolean.TRUE.equals(tls);
        }

        public int port() {
            if (publicPort == null || publicPort < 1 || publicPort > 65535) {
                throw new IllegalArgumentException("public_port must be 1-65535, got " + publicPort);
            }
            return publicPort;
        }

        public String address() {
            return bindAddress == null || bindAddress.isBlank() ? "127.0.0.1" : bindAddress;
        }
    }

    /** Health settings in milliseconds. */
    public record HealthBody(String path, Long intervalMs, Long timeoutMs, Integer threshold, Long startupDeadlineMs) {
        public static HealthBody of(HealthSettings health) {
            return new HealthBody(health.path(), health.interval().toMillis(), health.timeout().toMillis(),
                    health.threshold(), health.startupDeadline().toMillis());
        }

        public HealthSettings settings() {
            HealthSettings defaults = HealthSettings.defaults(path == null ? "/" : path);
            return new HealthSettings(defaults.path(),
                    intervalMs == null ? defaults.interval() : Duration.ofMillis(intervalMs),
                    timeoutMs == null ? defaults.timeout() : Duration.ofMillis(timeoutMs),
                    threshold == null ? defaults.threshold() : threshold,
                    startupDeadlineMs == null ? defaults.startupDeadline() : Duration.ofMillis(startupDeadlineMs));
        }
    }

    /** A readiness or liveness probe in milliseconds. */
    record ProbeBody(String path, Long intervalMs, Long timeoutMs, Integer failureThreshold) {
        public static ProbeBody of(RolloutPolicy.Probe probe) {
            return new ProbeBody(probe.path(), probe.interval().toMillis(), probe.timeout().toMillis(),
                    probe.failureThreshold());
        }

        RolloutPolicy.Probe probe() {
            return new RolloutPolicy.Probe(Objects.requireNonNull(path, "a probe needs a path"),
                    intervalMs == null ? Duration.ofSeconds(5) : Duration.ofMillis(intervalMs),
                    timeoutMs == null ? Duration.ofSeconds(1) : Duration.ofMillis(timeoutMs),
                    failureThreshold == null ? 3 : failureThreshold);
        }
    }

    /** An {@link InstancePolicy} in milliseconds; what a client (or an older desired.json) leaves out is the default. */
    public record PolicyBody(Integer replicas, ProbeBody readiness, ProbeBody liveness, Long drainTimeoutMs, Long stopGraceMs,
                      Integer crashLoopRestarts, Long crashLoopWindowMs, Long memoryLimitBytes, Integer tasksLimit) {
        public static PolicyBody of(InstancePolicy policy) {
            return new PolicyBody(policy.replicas(), policy.readiness().map(ProbeBody::of).orElse(null),
                    policy.liveness().map(ProbeBody::of).orElse(null), policy.drainTimeout().toMillis(),
                    policy.stopGrace().toMillis(), policy.crashLoop().restarts(),
                    policy.crashLoop().window().toMillis(), policy.limits().memoryBytes(), policy.limits().tasks());
        }

        public InstancePolicy policy() {
            InstancePolicy defaults = InstancePolicy.defaults();
            return new InstancePolicy(replicas == null ? defaults.replicas() : replicas,
                    Optional.ofNullable(readiness).map(ProbeBody::probe),
                    Optional.ofNullable(liveness).map(ProbeBody::probe),
                    drainTimeoutMs == null ? defaults.drainTimeout() : Duration.ofMillis(drainTimeoutMs),
                    stopGraceMs == null ? defaults.stopGrace() : Duration.ofMillis(stopGraceMs),
                    new RolloutPolicy.CrashLoop(
                            crashLoopRestarts == null ? defaults.crashLoop().restarts() : crashLoopRestarts,
                            crashLoopWindowMs == null ? defaults.crashLoop().window() : Duration.ofMillis(crashLoopWindowMs)),
                    new ResourceLimits(memoryLimitBytes == null ? defaults.limits().memoryBytes() : memoryLimitBytes,
                            tasksLimit == null ? defaults.limits().tasks() : tasksLimit));
        }

        public static InstancePolicy policy(PolicyBody body) {
            return body == null ? InstancePolicy.defaults() : body.policy();
        }
    }

    /** An {@link InstanceNetwork}; absent (as from an older client or desired.json): free loopback ports. */
    public record NetworkBody(Boolean ownNamespace, Integer appPort) {
        public static NetworkBody of(InstanceNetwork network) {
            return new NetworkBody(network.ownNamespace(), network.appPort().orElse(null));
        }

        public static InstanceNetwork network(NetworkBody body) {
            return body == null ? InstanceNetwork.loopback()
                    : new InstanceNetwork(Boolean.TRUE.equals(body.ownNamespace), Optional.ofNullable(body.appPort));
        }
    }

    /** {@code POST /v1/apps/{app}/releases}. */
    public record ReleaseRequest(String releaseId, String directory, String command, Map<String, String> environment,
                          HealthBody health, PolicyBody policy, NetworkBody network) {
        public static ReleaseRequest of(ReleaseLaunch launch) {
            return new ReleaseRequest(launch.releaseId(), launch.directory().toString(), launch.command(),
                    launch.environment(), HealthBody.of(launch.health()), PolicyBody.of(launch.policy()),
                    NetworkBody.of(launch.network()));
        }

        public ReleaseLaunch launch() {
            Objects.requireNonNull(releaseId, "release_id is required");
            if (directory == null || !Path.of(directory).isAbsolute()) {
                throw new IllegalArgumentException("directory must be an absolute path, got " + directory);
            }
            Objects.requireNonNull(command, "command is required");
            return new ReleaseLaunch(releaseId, Path.of(directory), command,
                    environment == null ? Map.of() : environment,
                    health == null ? HealthSettings.defaults("/") : health.settings(), PolicyBody.policy(policy),
                    NetworkBody.network(network));
        }
    }

    /** {@code PUT /v1/apps/{app}/services}: what to bring up before the app's instances when the agent starts. */
    public record ServicesRequest(List<BackingService> services) {
        public List<BackingService> valid() {
            return List.copyOf(Objects.requireNonNull(services, "services is required (an empty list "
                    + "forgets them)"));
        }
    }

    /** {@code PUT /v1/apps/{app}/releases/{id}/replicas}. */
    public record ScaleRequest(Integer replicas) {
        public int count() {
            return InstancePolicy.requireReplicas(Objects.requireNonNull(replicas, "replicas is required"));
        }
    }

    /** {@code PUT /v1/apps/{app}/weights}: relative weights by release; releases left out get 0. */
    public record WeightsRequest(Map<String, Integer> weights) {
        public Map<String, Integer> valid() {
            Objects.requireNonNull(weights, "weights is required");
            weights.forEach((release, weight) -> {
                Names.release(release);
                if (weight == null || weight < 0 || weight > 10_000) {
                    throw new IllegalArgumentException("the weight of release " + release + " must be 0-10000, got "
                            + weight);
                }
            });
            if (weights.values().stream().mapToInt(Integer::intValue).sum() == 0) {
                throw new IllegalArgumentException("at least one release needs a positive weight, got " + weights
                        + "; to take the app off the air stop its releases instead");
            }
            return Map.copyOf(weights);
        }
    }

    /** {@code POST /v1/apps/{app}/switch}. */
    public record SwitchRequest(String releaseId, Long drainTimeoutMs) {
        public String release() {
            return Names.release(Objects.requireNonNull(releaseId, "release_id is required"));
        }

        public Duration drainTimeout() {
            if (drainTimeoutMs != null && drainTimeoutMs < 0) {
                throw new IllegalArgumentException("drain_timeout_ms must be >= 0, got " + drainTimeoutMs);
            }
            return drainTimeoutMs == null ? DEFAULT_DRAIN_TIMEOUT : Duration.ofMillis(drainTimeoutMs);
        }
    }

    /**
     * The {@code window} of {@code GET /v1/apps/{app}/traffic}: seconds ({@code 30s}, or a bare number) or minutes
     * ({@code 5m}), from 1 s to 10 min; absent, one minute.
     */
    public static Duration window(Optional<String> text) {
        if (text.isEmpty()) {
            return Duration.ofMinutes(1);
        }
        Matcher matcher = WINDOW.matcher(text.get().strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("window must look like 30s or 5m, got '" + text.get() + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration window = "m".equals(matcher.group(2)) ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
        if (window.isZero() || window.compareTo(ReleaseMetrics.MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window must be from 1s to 10m, got " + text.get());
        }
        return window;
    }

    /** Every error answer: a short code ({@code not_found}, {@code conflict}, ...) and a message for people. */
    public record ErrorBody(String error, String message) {
    }
}
