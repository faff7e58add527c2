package dev.hivemind.api.rollout;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a new release is judged healthy: a GET of {@code path} passes on 2xx/3xx; the release is healthy after
 * {@code threshold} consecutive passes, probed every {@code interval}, each request given {@code timeout}, all
 * within {@code startupDeadline}.
 *
 * @param path the path to request; empty means the one the code declares, else {@code /}
 */
public record HealthCheck(Optional<String> path, Duration interval, Duration timeout, int threshold,
                          Duration startupDeadline) {

    public HealthCheck {
        Objects.requireNonNull(path, "path");
        path.filter(p -> !p.startsWith("/")).ifPresent(p -> {
            throw new IllegalArgumentException("a health path starts with '/': " + p);
        });
        requirePositive(interval, "interval");
        requirePositive(timeout, "timeout");
        requirePositive(startupDeadline, "startupDeadline");
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1: " + threshold);
        }
    }

    /** The brief's defaults: 3 consecutive passes, every 1 s, 5 s timeout, 60 s startup deadline. */
    public static HealthCheck defaults() {
        return new HealthCheck(Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofSeconds(60));
    }

    /** The path to probe: the one asked for, else the one the code declares, else {@code /}. */
    public String resolvePath(Optional<String> declared) {
        return path.or(() -> declared).orElse("/");
    }

    /**
     * The fields of the startup probe one source sets (the command line, hivemind.yaml); empty where it is silent.
     * {@code cli.over(file).resolve()} is the probe: each field from the first source that sets it, else the default.
     */
    public record Settings(Optional<String> path, Optional<Duration> interval, Optional<Duration> timeout,
                           Optional<Integer> threshold, Optional<Duration> startupDeadline) {
        /** A source that sets nothing. */
        public static final Settings NONE = new Settings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        public Settings {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(startupDeadline, "startupDeadline");
        }

        /** These fields, each one left empty taken from {@code lower}. */
        public Settings over(Settings lower) {
            return new Settings(path.or(lower::path), interval.or(lower::interval), timeout.or(lower::timeout),
                    threshold.or(lower::threshold), startupDeadline.or(lower::startupDeadline));
        }

        /** The health check with these fields, and {@link #defaults()} for the rest. */
        public HealthCheck resolve() {
            HealthCheck defaults = defaults();
            return new HealthCheck(path, interval.orElse(defaults.interval()), timeout.orElse(defaults.timeout()),
                    threshold.orElse(defaults.threshold()), startupDeadline.orElse(defaults.startupDeadline()));
        }
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
