package dev.hivemind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.RollingUpdate;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.Status;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateJsonTest {
    private static final Instant AT = Instant.parse("2026-11-22T03:35:12.123Z");

    private final DeploymentState state = DeploymentState.initial("20261122-033512-123-000abcdefgh", "shop", "local",
                    "first", new DeployRequest("https://git.example.com/shop.git", Optional.of("web"),
                            Strategy.BLUE_GREEN, Optional.of(8080), false), AT)
            .withLog(new LogEntry(AT, Agent.COMPILER, LogEntry.Level.WARN, "slow clone"))
            .withStatus(Status.AWAITING_APPROVAL, AT);

    @Test
    void writesSnakeCaseNamesWireEnumsIsoInstantsAndNullForEmpty() throws Exception {
        JsonNode json = StateJson.MAPPER.readTree(StateJson.write(state));

        assertThat(json.get("schema_version").asInt()).isEqualTo(1);
        assertThat(json.get("deployment_id").asText()).isEqualTo("20261122-033512-123-000abcdefgh");
        assertThat(json.get("status").asText()).isEqualTo("awaiting_approval");
        assertThat(json.get("strategy").asText()).isEqualTo("blue-green");
        assertThat(json.get("repo_url").asText()).isEqualTo("https://git.example.com/shop.git");
        assertThat(json.get("created_at").asText()).isEqualTo("2026-11-22T03:35:12.123Z");
        assertThat(json.get("completed_at").isNull()).isTrue();
        assertThat(json.get("tech_stack").isNull()).isTrue();
        assertThat(json.get("request").get("app_dir").asText()).isEqualTo("web");
        assertThat(json.get("request").get("requested_port").asInt()).isEqualTo(8080);
        assertThat(json.get("logs").get(0).get("agent").asText()).isEqualTo("Compiler");
        assertThat(json.get("logs").get(0).get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("stages").get(2).get("name").asText()).isEqualTo(StageName.ANALYZE.toString());
        assertThat(json.get("stages").get(2).get("status").asText()).isEqualTo("pending");
        assertThat(StateJson.write(state)).contains("\n  \"deployment_id\"");
    }

    @Test
    void recordsTheEnvironmentAndReadsAStateWrittenBeforeEnvironmentsAsDev() throws Exception {
        DeployRequest staging = new DeployRequest("/srv/shop", Optional.empty(), Strategy.BLUE_GREEN, Optional.empty(),
                false, dev.hivemind.api.rollout.HealthCheck.defaults(), false, "staging");
        DeploymentState stagingState = DeploymentState.initial("20261122-033512-123-000abcdefgh", "shop", "local", "",
                staging, AT);
        ObjectNode old = (ObjectNode) StateJson.MAPPER.readTree(StateJson.write(state));
        ((ObjectNode) old.get("request")).remove("environment");

        assertThat(StateJson.MAPPER.readTree(StateJson.write(stagingState)).get("request").get("environment").asText())
                .isEqualTo("staging");
        assertThat(StateJson.read(StateJson.write(stagingState)).request().environment()).isEqualTo("staging");
        assertThat(old.get("request").has("environment")).isFalse();
        assertThat(StateJson.read(old.toString()).request().environment()).isEqualTo("dev");
        assertThat(StateJson.read(old.toString())).isEqualTo(state);
    }

    @Test
    void keepsTheRollingUpdateAndReadsAStateWrittenBeforeItAsTheDefaults() throws Exception {
        RolloutPolicy defaults = RolloutPolicy.defaults();
        RolloutPolicy surged = new RolloutPolicy(3, defaults.canarySteps(), defaults.analysis(),
                defaults.rollingBatches(), defaults.readiness(), defaults.liveness(), defaults.drainTimeout(),
                defaults.stopGrace(), defaults.crashLoop(), defaults.limits(),
                new RollingUpdate(Optional.of("2"), Optional.of("10%")));
        DeploymentState rolling = DeploymentState.initial("20261122-033512-123-000abcdefgh", "shop", "kubernetes",
                "", new DeployRequest("/srv/shop", Optional.empty(), Strategy.ROLLING, Optional.empty(), false,
                        dev.hivemind.api.rollout.HealthCheck.defaults(), false, "dev", java.util.List.of(),
                        Optional.empty(), false, surged), AT);
        ObjectNode old = (ObjectNode) StateJson.MAPPER.readTree(StateJson.write(rolling));
        assertThat(old.get("request").get("rollout").get("rolling_update").get("max_surge").asText()).isEqualTo("2");
        ((ObjectNode) old.get("request").get("rollout")).remove("rolling_update");

        assertThat(StateJson.read(StateJson.write(rolling)).request().rollout().rollingUpdate())
                .isEqualTo(new RollingUpdate(Optional.of("2"), Optional.of("10%")));
        assertThat(StateJson.read(old.toString()).request().rollout().rollingUpdate())
                .isEqualTo(RollingUpdate.defaults());
    }

    @Test
    void readsBackWhatItWrote() {
        assertThat(StateJson.read(StateJson.write(state))).isEqualTo(state);
    }

    @Test
    void refusesAStateWrittenByANewerSchema() throws Exception {
        ObjectNode json = (ObjectNode) StateJson.MAPPER.readTree(StateJson.write(state));
        json.put("schema_version", DeploymentState.SCHEMA_VERSION + 1);

        assertThatThrownBy(() -> StateJson.read(json.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the state document has schema_version 2, newer than the 1 this HiveMind reads");
    }

    @Test
    void refusesWhatIsNotAState() {
        assertThatThrownBy(() -> StateJson.read("{not json")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the state document is not valid JSON: ");
        assertThatThrownBy(() -> StateJson.read("[1]")).isInstanceOf(InvalidInputException.class)
                .hasMessage("the state document does not hold a JSON object");
        assertThatThrownBy(() -> StateJson.read("{\"status\":\"pending\"}")).isInstanceOf(InvalidInputException.class)
                .hasMessage("the state document has no schema_version");
        assertThatThrownBy(() -> StateJson.read("{\"schema_version\":1,\"status\":\"sleeping\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the state document is not a valid deployment state: ");
    }
}
