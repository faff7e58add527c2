package dev.hivemind.analyzer.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hivemind.api.rollout.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Reads the startup probe of a {@code hivemind.yaml} already checked against its schema: {@code probes.startup}
 * ({@code path}, {@code interval}, {@code timeout}, {@code threshold} or {@code success-threshold}: consecutive passes,
 * {@code deadline}) and the older {@code health:} keys ({@code path}, {@code interval}, {@code timeout},
 * {@code threshold}, {@code startup_deadline}) that say the same. Both may be written; a field they set to different
 * values is a problem naming both keys, as is a zero duration.
 */
final class StartupProbeSettings {
    private final List<String> problems = new ArrayList<>();

    /** The problems found by the last {@link #read}; empty when it is usable. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    HealthCheck.Settings read(JsonNode root) {
        JsonNode health = root.path("health");
        JsonNode startup = root.path("probes").path("startup");
        Optional<String> path = field("path", (key, node) -> node.asText(), Map.of("health.path", health.path("path"),
                "probes.startup.path", startup.path("path")));
        Optional<Duration> interval = field("interval", this::positive, Map.of("health.interval",
                health.path("interval"), "probes.startup.interval", startup.path("interval")));
        Optional<Duration> timeout = field("timeout", this::positive, Map.of("health.timeout", health.path("timeout"),
                "probes.startup.timeout", startup.path("timeout")));
        Optional<Integer> threshold = field("threshold", (key, node) -> node.asInt(), Map.of("health.threshold",
                health.path("threshold"), "probes.startup.threshold", startup.path("threshold"),
                "probes.startup.success-threshold", startup.path("success-threshold")));
        Optional<Duration> deadline = field("deadline", this::positive, Map.of("health.startup_deadline",
                health.path("startup_deadline"), "probes.startup.deadline", startup.path("deadline")));
        return new HealthCheck.Settings(path, interval, timeout, threshold, deadline);
    }

    private Duration positive(String key, JsonNode node) {
        Duration duration = RolloutSettings.parse(node);
        if (duration.isZero()) {
            problems.add(key + ": must be longer than zero; give it a duration like 2s");
        }
        return duration;
    }

    /** The value the given keys agree on; a problem naming them when they do not. */
    private <T> Optional<T> field(String what, BiFunction<String, JsonNode, T> parse, Map<String, JsonNode> keys) {
        Map<String, T> set = new TreeMap<>();
        keys.forEach((key, node) -> {
            if (!node.isMissingNode() && !node.isNull()) {
                set.put(key, parse.apply(key, node));
            }
        });
        if (set.values().stream().distinct().count() > 1) {
            problems.add(set.keySet().stream().map(key -> key + " (" + keys.get(key).asText() + ")")
                    .collect(Collectors.joining(" and ")) + " set the startup probe's " + what
                    + " differently; keep one of them");
        }
        return set.values().stream().findFirst();
    }
}
