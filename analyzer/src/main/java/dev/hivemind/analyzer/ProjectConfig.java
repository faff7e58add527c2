package dev.hivemind.analyzer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hivemind.api.Agent;
import dev.hivemind.api.InvalidInputException;
import dev.hivemind.api.StageName;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The detection overrides of a repository's {@code hivemind.yaml} (every key optional):
 * <pre>
 * app: shop                       # the app's name
 * build: npm run build:prod       # replaces the detected build step; runs after the dependencies are installed
 * start: node dist/server.js      # replaces the detected start command
 * port: 3000                      # the port the app listens on by default
 * health:
 *   path: /healthz                # the health check path
 * </pre>
 * The other keys of the brief's configuration ({@code env}, {@code strategy}, {@code gates}, ...) are accepted and
 * left to the parts that use them; a key nobody knows is refused, so a typo does not pass silently. Every problem in
 * the file is reported at once, each with its path in the file.
 *
 * @param app         the app's name
 * @param build       the build command override
 * @param start       the start command override
 * @param port        the port the app listens on
 * @param healthPath  the health check path
 */
public record ProjectConfig(Optional<String> app, Optional<String> build, Optional<String> start,
                            Optional<Integer> port, Optional<String> healthPath) {
    public static final String FILE = "hivemind.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> DETECTION_KEYS = Set.of("app", "build", "start", "port", "health");
    /** Keys of the brief's configuration read elsewhere (deploy options, gates, hooks, validation). */
    private static final Set<String> OTHER_KEYS = Set.of("env", "strategy", "steps", "replicas", "gates", "hooks",
            "smoke", "environments", "migrate", "database", "probes", "drain", "load");
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public static final ProjectConfig NONE = new ProjectConfig(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /**
     * The {@code hivemind.yaml} in {@code directory}, or {@link #NONE} when there is none.
     *
     * @throws InvalidInputException when the file is not YAML or a value is wrong, listing every problem
     */
    public static ProjectConfig read(Path directory) {
        Path file = directory.resolve(FILE);
        Optional<String> text = ProjectFiles.read(file);
        if (text.isEmpty() || text.get().isBlank()) {
            return NONE;
        }
        JsonNode root;
        try {
            root = YAML.readTree(text.get());
        } catch (JsonProcessingException e) {
            throw invalid(file, List.of("it is not valid YAML: " + e.getOriginalMessage()
                    + Optional.ofNullable(e.getLocation()).map(at -> " (line " + at.getLineNr() + ")").orElse("")));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return NONE;
        }
        if (!root.isObject()) {
            throw invalid(file, List.of("(top level): must be a mapping of keys such as start, port and health"));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!DETECTION_KEYS.contains(name) && !OTHER_KEYS.contains(name)) {
                Set<String> known = new TreeSet<>(DETECTION_KEYS);
                known.addAll(OTHER_KEYS);
                problems.add(name + ": unknown key; known keys: " + String.join(", ", known));
            }
        }
        Optional<String> app = text(root, "app", problems);
        app.filter(name -> !APP_NAME.matcher(name).matches()).ifPresent(name -> problems.add("app: '" + name
                + "' is not a valid app name (lower-case letters, digits and dashes, starting with a letter or "
                + "digit, at most 63)"));
        Optional<String> build = text(root, "build", problems);
        Optional<String> start = text(root, "start", problems);
        Optional<Integer> port = port(root, problems);
        Optional<String> health = healthPath(root, problems);
        if (!problems.isEmpty()) {
            throw invalid(file, problems);
        }
        return new ProjectConfig(app, build, start, port, health);
    }

    /**
     * The stages {@code gates:} in {@code directory}'s {@code hivemind.yaml} makes wait for a person's approval
     * ({@code gates: [provision, deploy]}, names or numbers), none without the file or the key.
     *
     * @throws InvalidInputException when it is not a list of stage names, listing every wrong entry
     */
    public static List<StageName> gates(Path directory) {
        Path file = directory.resolve(FILE);
        JsonNode node;
        try {
            node = YAML.readTree(ProjectFiles.read(file).orElse("")).path("gates");
        } catch (JsonProcessingException e) {
            return List.of(); // read() reports a file that is not YAML
        }
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        List<StageName> stages = new ArrayList<>();
        if (!node.isArray()) {
            problems.add("gates: must be a list of stages such as [provision, deploy], not " + describe(node));
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            JsonNode entry = node.get(i);
            Optional<StageName> stage = entry.isValueNode() ? StageName.parse(entry.asText()) : Optional.empty();
            if (stage.isPresent()) {
                stages.add(stage.get());
            } else {
                problems.add("gates[" + i + "]: " + describe(entry) + " is not a stage; stages: "
                        + Arrays.toString(StageName.values()));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(file, problems);
        }
        return List.copyOf(stages);
    }

    /** {@code stack} with this file's start, build, port and health path in place of the detected ones. */
    public TechStack applyTo(TechStack stack) {
        TechStack result = stack;
        if (start.isPresent()) {
            result = result.withStartCommand(start.get(), "start_command from " + FILE + " start (replaces '"
                    + stack.startCommand() + "')");
        }
        if (build.isPresent()) {
            result = result.withBuildCommand(build.get(), "build_command from " + FILE + " build");
        }
        if (port.isPresent()) {
            result = result.withPort(port.get(), "port " + port.get() + " from " + FILE + " port");
        }
        if (healthPath.isPresent()) {
            result = result.withHealthCheckPath(healthPath.get(), "health_check_path " + healthPath.get()
                    + " from " + FILE + " health.path");
        }
        return result;
    }

    private static Optional<String> text(JsonNode root, String key, List<String> problems) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(key + ": must be a non-empty string, not " + describe(node));
            return Optional.empty();
        }
        return Optional.of(node.asText().strip());
    }

    private static Optional<Integer> port(JsonNode root, List<String> problems) {
        JsonNode node = root.get("port");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > 65_535) {
            problems.add("port: must be a whole number from 1 to 65535, not " + describe(node));
            return Optional.empty();
        }
        return Optional.of(node.asInt());
    }

    private static Optional<String> healthPath(JsonNode root, List<String> problems) {
        JsonNode health = root.get("health");
        if (health == null || health.isNull()) {
            return Optional.empty();
        }
        if (!health.isObject()) {
            problems.add("health: must be a mapping such as 'path: /healthz', not " + describe(health));
            return Optional.empty();
        }
        Optional<String> path = text(health, "path", new ArrayList<>());
        JsonNode node = health.get("path");
        if (node != null && !node.isNull() && (path.isEmpty() || !path.get().startsWith("/"))) {
            problems.add("health.path: must be a path starting with '/', not " + describe(node));
            return Optional.empty();
        }
        return path;
    }

    private static String describe(JsonNode node) {
        String shown = node.isTextual() ? "'" + node.asText() + "'" : node.toString();
        return shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
    }

    private static InvalidInputException invalid(Path file, List<String> problems) {
        return new InvalidInputException(Agent.COMPILER, file + " has " + (problems.size() == 1 ? "a problem"
                : problems.size() + " problems") + ":\n  " + String.join("\n  ", problems),
                "Reading the project's " + FILE, "Correct " + file + " (docs/configuration.md lists its keys), "
                + "or remove it to use what HiveMind detects");
    }
}
