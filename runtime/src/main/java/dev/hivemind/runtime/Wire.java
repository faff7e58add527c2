package dev.hivemind.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request bodies of the agent's API (and the health part of desired.json). Fields a client leaves out are
 * {@code null} here and get their defaults when turned into model values.
 */
final class Wire {
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})(s|m)?");

    private Wire() {
    }

    /** {@code PUT /v1/apps/{app}}; {@code tls} (absent: no) makes the proxy serve HTTPS with the host certificate. */
    record AppRequest(Integer publicPort, String bindAddress, Boolean tls) {
        AppRequest(Integer publicPort, String bindAddress) {
            this(publicPort, bindAddress, false);
        }

        boolean https() {
            return Boolean.TRUE.equals(tls);
        }

        int port() {
            if (publicPort == null || publicPort < 1 || publicPort > 65535) {
                throw new IllegalArgumentException("public_port must be 1-65535, got " + publicPort);
            }
            return publicPort;
        }

        String address() {
            return bindAddress == null || bindAddress.isBlank() ? "127.0.0.1" : bindAddress;
        }
    }

    /** Health settings in milliseconds. */
    record HealthBody(String path, Long intervalMs, Long timeoutMs, Integer threshold, Long startupDeadlineMs) {
        static HealthBody of(HealthSettings health) {
            return new HealthBody(health.path(), health.interval().toMillis(), health.timeout().toMillis(),
                    health.threshold(), health.startupDeadline().toMillis());
        }

        HealthSettings settings() {
            HealthSettings defaults = HealthSettings.defaults(path == null ? "/" : path);
            return new HealthSettings(defaults.path(),
                    intervalMs == null ? defaults.interval() : Duration.ofMillis(intervalMs),
                    timeoutMs == null ? defaults.timeout() : Duration.ofMillis(timeoutMs),
                    threshold == null ? defaults.threshold() : threshold,
                    startupDeadlineMs == null ? defaults.startupDeadline() : Duration.ofMillis(startupDeadlineMs));
        }
    }

    /** {@code POST /v1/apps/{app}/releases}. */
    record ReleaseRequest(String releaseId, String directory, String command, Map<String, String> environment,
                          HealthBody health) {
        static ReleaseRequest of(ReleaseLaunch launch) {
            return new ReleaseRequest(launch.releaseId(), launch.directory().toString(), launch.command(),
                    launch.environment(), HealthBody.of(launch.health()));
        }

        ReleaseLaunch launch() {
            Objects.requireNonNull(releaseId, "release_id is required");
            if (directory == null || !Path.of(directory).isAbsolute()) {
                throw new IllegalArgumentException("directory must be an absolute path, got " + directory);
            }
            Objects.requireNonNull(command, "command is required");
            return new ReleaseLaunch(releaseId, Path.of(directory), command,
                    environment == null ? Map.of() : environment,
                    health == null ? HealthSettings.defaults("/") : health.settings());
        }
    }

    /** {@code POST /v1/apps/{app}/switch}. */
    record SwitchRequest(String releaseId, Long drainTimeoutMs) {
        String release() {
            return Names.release(Objects.requireNonNull(releaseId, "release_id is required"));
        }

        Duration drainTimeout() {
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
    static Duration window(Optional<String> text) {
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
    record ErrorBody(String error, String message) {
    }
}
