package dev.hivemind.analyzer.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryStep;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryThresholds;
import dev.hivemind.api.rollout.RolloutPolicy.CrashLoop;
import dev.hivemind.api.rollout.RolloutPolicy.Probe;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.ResourceLimits;
import dev.hivemind.api.rollout.RollingUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code replicas}, {@code steps}, {@code canary}, {@code rolling}, {@code probes}, {@code drain},
 * {@code crash-loop} and {@code limits} of a {@code hivemind.yaml} already checked against its schema into a {@link RolloutPolicy}, with
 * the checks the schema cannot make (rising steps, batches ending at 100, positive pauses), each problem named by
 * its path in the file. Keys left out keep {@link RolloutPolicy#defaults()}.
 */
final class RolloutSettings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(30);
    private static final int DEFAULT_FAILURE_THRESHOLD = 3;

    private final List<String> problems = new ArrayList<>();

    /** The problems found by the last {@link #read}; empty when it is usable. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    RolloutPolicy read(JsonNode root) {
        RolloutPolicy defaults = RolloutPolicy.defaults();
        int replicas = root.path("replicas").asInt(defaults.replicas());
        List<CanaryStep> steps = canarySteps(root, defaults.canarySteps());
        List<Integer> batches = batches(root, defaults.rollingBatches());
        JsonNode drain = root.path("drain");
        Duration drainTimeout = drain.isObject() ? duration(drain, "timeout", "drain.timeout", defaults.drainTimeout())
                : duration(root, "drain", "drain", defaults.drainTimeout());
        Duration grace = duration(drain, "grace", "drain.grace", defaults.stopGrace());
        JsonNode crash = root.path("crash-loop");
        CrashLoop crashLoop = new CrashLoop(crash.path("restarts").asInt(defaults.crashLoop().restarts()),
                duration(crash, "window", "crash-loop.window", defaults.crashLoop().window()));
        Optional<String> healthPath = Optional.ofNullable(root.path("health").get("path"))
                .or(() -> Optional.ofNullable(root.path("probes").path("startup").get("path"))).map(JsonNode::asText);
        Optional<Probe> readiness = probe(root.path("probes"), "readiness", healthPath);
        Optional<Probe> liveness = probe(root.path("probes"), "liveness", healthPath);
        ResourceLimits limits = limits(root.path("limits"), defaults.limits());
        RollingUpdate rollingUpdate = rollingUpdate(root.path("rolling"));
        if (!problems.isEmpty()) {
            return defaults;
        }
        return new RolloutPolicy(replicas, steps, thresholds(root.path("canary").path("analysis")), batches,
                readiness, liveness, drainTimeout, grace, crashLoop, limits, rollingUpdate);
    }

    /**
     * {@code rolling.max-surge} and {@code rolling.max-unavailable}: a count of pods or a percentage (the schema
     * checked the form), not both none: a surge of 0 needs pods that may be unavailable, else nothing is replaced.
     */
    private RollingUpdate rollingUpdate(JsonNode rolling) {
        Optional<String> surge = amount(rolling, "max-surge");
        Optional<String> unavailable = amount(rolling, "max-unavailable");
        if (surge.filter(RollingUpdate::none).isPresent()
                && unavailable.map(RollingUpdate::none).orElse(true)) {
            problems.add("rolling.max-surge: " + surge.get() + " with max-unavailable "
                    + unavailable.orElse("0 (the default)")
                    + " lets no pod be replaced; give max-surge at least 1 (or a percentage like 25%), or "
                    + "max-unavailable above 0");
        }
        return problems.isEmpty() ? new RollingUpdate(surge, unavailable) : RollingUpdate.defaults();
    }

    private Optional<String> amount(JsonNode rolling, String key) {
        JsonNode value = rolling.get(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = value.asText().strip();
        if (!RollingUpdate.valid(text)) {
            problems.add("rolling." + key + ": a count of pods (2) or a percentage from 0% to 100% (25%), not "
                    + text);
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** {@code limits.memory} (a size) and {@code limits.tasks}; each one left out keeps its default. */
    private ResourceLimits limits(JsonNode limits, ResourceLimits defaults) {
        try {
            long memory = limits.has("memory") ? ResourceLimits.parseSize(limits.get("memory").asText())
                    : defaults.memoryBytes();
            return new ResourceLimits(memory, limits.path("tasks").asInt(defaults.tasks()));
        } catch (IllegalArgumentException e) {
            problems.add("limits: " + e.getMessage());
            return defaults;
        }
    }

    private List<CanaryStep> canarySteps(JsonNode root, List<CanaryStep> defaults) {
        JsonNode listed = root.path("canary").path("steps");
        List<CanaryStep> steps = new ArrayList<>();
        if (listed.isArray()) {
            for (int i = 0; i < listed.size(); i++) {
                JsonNode step = listed.get(i);
                String where = "canary.steps[" + i + "]";
                Optional<Duration> pause = step.has("pause")
                        ? Optional.of(positive(step.get("pause"), where + ".pause",
                        "leave pause out to wait for hivemind approve")) : Optional.empty();
                steps.add(new CanaryStep(step.path("weight").asInt(), pause));
            }
        } else if (root.path("steps").isArray()) {
            root.path("steps").forEach(weight -> steps.add(new CanaryStep(weight.asInt(), Optional.of(DEFAULT_PAUSE))));
        } else {
            return defaults;
        }
        rising(steps.stream().map(CanaryStep::weight).toList(), listed.isArray() ? "canary.steps" : "steps",
                listed.isArray() ? ".weight" : "", false);
        return steps;
    }

    private List<Integer> batches(JsonNode root, List<Integer> defaults) {
        JsonNode listed = root.path("rolling").path("batches");
        String where = listed.isArray() ? "rolling.batches" : "steps";
        JsonNode source = listed.isArray() ? listed : root.path("steps");
        if (!source.isArray()) {
            return defaults;
        }
        List<Integer> batches = new ArrayList<>();
        source.forEach(batch -> batches.add(batch.asInt()));
        rising(batches, where, "", true);
        return batches;
    }

    /** Each value above the one before it; with {@code endAt100}, the last one 100. */
    private void rising(List<Integer> values, String where, String field, boolean endAt100) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) <= values.get(i - 1)) {
                problems.add(where + "[" + i + "]" + field + ": must be above the step before it ("
                        + values.get(i - 1) + "), not " + values.get(i));
            }
        }
        if (values.indexOf(100) >= 0 && values.indexOf(100) < values.size() - 1) {
            problems.add(where + "[" + (values.indexOf(100) + 1) + "]: comes after 100 %, which is the last step");
        }
        if (endAt100 && !values.isEmpty() && values.getLast() != 100) {
            problems.add(where + ": must end at 100 (every replica replaced), not " + values.getLast());
        }
    }

    private CanaryThresholds thresholds(JsonNode analysis) {
        CanaryThresholds defaults = CanaryThresholds.defaults();
        return new CanaryThresholds(analysis.path("max-error-rate-increase").asDouble(defaults.maxErrorRateIncrease()),
                analysis.path("p95-factor").asDouble(defaults.p95Factor()),
                duration(analysis, "p95-slack", "canary.analysis.p95-slack", defaults.p95Slack()),
                analysis.path("min-requests").asInt(defaults.minRequests()),
                analysis.path("inconclusive-holds").asInt(defaults.inconclusiveHolds()));
    }

    private Optional<Probe> probe(JsonNode probes, String name, Optional<String> healthPath) {
        JsonNode probe = probes.path(name);
        if (!probe.isObject()) {
            return Optional.empty();
        }
        String where = "probes." + name;
        Optional<String> path = Optional.ofNullable(probe.get("path")).map(JsonNode::asText).or(() -> healthPath);
        if (path.isEmpty()) {
            problems.add(where + ".path: is required when neither health.path nor probes.startup.path is set");
            return Optional.empty();
        }
        HealthCheck health = HealthCheck.defaults();
        Duration interval = positive(probe, "interval", where, health.interval());
        Duration timeout = positive(probe, "timeout", where, health.timeout());
        int threshold = Optional.ofNullable(probe.get("failure-threshold")).or(() -> Optional.ofNullable(
                probe.get("threshold"))).map(JsonNode::asInt).orElse(DEFAULT_FAILURE_THRESHOLD);
        return problems.isEmpty() ? Optional.of(new Probe(path.get(), interval, timeout, threshold)) : Optional.empty();
    }

    private Duration positive(JsonNode parent, String key, String where, Duration fallback) {
        return parent.has(key) ? positive(parent.get(key), where + "." + key, "give it a duration like 2s")
                : fallback;
    }

    private Duration positive(JsonNode value, String where, String hint) {
        Duration duration = parse(value);
        if (duration.isZero()) {
            problems.add(where + ": must be longer than zero; " + hint);
        }
        return duration;
    }

    private static Duration duration(JsonNode parent, String key, String where, Duration fallback) {
        return parent.has(key) ? parse(parent.get(key)) : fallback;
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} or a number of seconds (the schema checked the form). */
    static Duration parse(JsonNode value) {
        if (value.isIntegralNumber()) {
            return Duration.ofSeconds(value.asLong());
        }
        Matcher matcher = DURATION.matcher(value.asText().strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: " + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
