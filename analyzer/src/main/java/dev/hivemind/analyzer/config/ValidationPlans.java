package dev.hivemind.analyzer.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hivemind.api.ValidationPlan.LoadTargets;
import dev.hivemind.api.ValidationPlan.SmokeTest;
import dev.hivemind.api.ValidationPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code smoke:} and {@code load:} of a {@code hivemind.yaml} already checked against its schema. */
final class ValidationPlans {

    private ValidationPlans() {
    }

    static ValidationPlan of(JsonNode root) {
        return new ValidationPlan(smoke(root.path("smoke")), load(root.path("load")));
    }

    private static List<SmokeTest> smoke(JsonNode list) {
        List<SmokeTest> tests = new ArrayList<>();
        for (JsonNode entry : list) {
            tests.add(new SmokeTest(entry.path("path").asText(),
                    Optional.ofNullable(entry.get("expect_status")).map(JsonNode::asInt),
                    Optional.ofNullable(entry.get("expect_body")).map(JsonNode::asText)));
        }
        return tests;
    }

    private static LoadTargets load(JsonNode load) {
        return new LoadTargets(Optional.ofNullable(load.get("requests")).map(JsonNode::asInt), number(load, "rate"),
                number(load, "p50_ms"), number(load, "p95_ms"), number(load, "p99_ms"), number(load, "error_rate"));
    }

    private static Optional<Double> number(JsonNode node, String key) {
        return Optional.ofNullable(node.get(key)).map(JsonNode::asDouble);
    }
}
