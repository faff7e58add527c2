package dev.hivemind.analyzer.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.HookStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code hooks:} of a {@code hivemind.yaml} already checked against its schema: each hook a command, a list
 * of them, or {@code {run: ..., timeout: 2m}}.
 */
final class HookConfigs {
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");

    private HookConfigs() {
    }

    /** The hooks the file names, pending, in the order they run. */
    static List<HookStep> of(JsonNode root) {
        JsonNode hooks = root.path("hooks");
        List<HookStep> steps = new ArrayList<>();
        for (HookName name : HookName.values()) {
            JsonNode entry = hooks.get(name.toString());
            if (entry != null && !entry.isNull()) {
                JsonNode run = entry.isObject() ? entry.path("run") : entry;
                Duration timeout = entry.has("timeout") ? duration(entry.get("timeout")) : HookStep.DEFAULT_TIMEOUT;
                steps.add(HookStep.pending(name, commands(run), timeout));
            }
        }
        return List.copyOf(steps);
    }

    private static List<String> commands(JsonNode run) {
        List<String> commands = new ArrayList<>();
        if (run.isArray()) {
            run.forEach(command -> commands.add(command.asText()));
        } else {
            commands.add(run.asText());
        }
        return commands;
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} or a number of seconds, as the schema allows. */
    static Duration duration(JsonNode value) {
        Matcher matcher = DURATION.matcher(value.asText().trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration the schema allows: " + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
