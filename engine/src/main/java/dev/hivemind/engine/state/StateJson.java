package dev.hivemind.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeploymentState;

/**
 * The one JSON form of a {@link DeploymentState}, used for {@code state.json} and {@code --output json}:
 * snake_case names, ISO-8601 instants, an empty {@code Optional} as {@code null}, enums by their wire names
 * ({@code awaiting_approval}, {@code blue-green}, {@code Compiler}), pretty printed.
 */
public final class StateJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private StateJson() {
    }

    /** The state as a pretty-printed JSON document, without a trailing line break. */
    public static String write(DeploymentState state) {
        try {
            return MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException error) {
            throw new IllegalStateException("cannot write deployment " + state.deploymentId() + " as JSON", error);
        }
    }

    /**
     * Reads a state document.
     *
     * @throws InvalidInputException when it is not a state document, or was written by a newer HiveMind
     */
    public static DeploymentState read(String json) {
        return read(json, "the state document");
    }

    static DeploymentState read(String json, String origin) {
        JsonNode tree = parse(json, origin);
        JsonNode version = tree.path("schema_version");
        if (!version.canConvertToInt()) {
            throw invalid(origin + " has no schema_version", origin, null);
        }
        if (version.asInt() > DeploymentState.SCHEMA_VERSION) {
            throw new InvalidInputException(Agent.CONDUCTOR,
                    origin + " has schema_version " + version.asInt() + ", newer than the "
                            + DeploymentState.SCHEMA_VERSION + " this HiveMind reads",
                    "Reading the state of a deployment",
                    "Use the HiveMind version that wrote it (or a newer one) to work with this deployment");
        }
        try {
            return MAPPER.treeToValue(tree, DeploymentState.class);
        } catch (JsonProcessingException | IllegalArgumentException error) {
            throw invalid(origin + " is not a valid deployment state: " + firstLine(error), origin, error);
        }
    }

    private static JsonNode parse(String json, String origin) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw invalid(origin + " does not hold a JSON object", origin, null);
            }
            return tree;
        } catch (JsonProcessingException error) {
            throw invalid(origin + " is not valid JSON: " + firstLine(error), origin, error);
        }
    }

    private static String firstLine(Exception error) {
        String message = error instanceof JsonProcessingException json ? json.getOriginalMessage()
                : String.valueOf(error.getMessage());
        return message.lines().findFirst().orElse(message);
    }

    private static InvalidInputException invalid(String message, String origin, Throwable cause) {
        return new InvalidInputException(Agent.CONDUCTOR, message, "Reading the state of a deployment",
                "Restore " + origin + " from a backup, or start a new deployment with hivemind deploy", cause);
    }
}
