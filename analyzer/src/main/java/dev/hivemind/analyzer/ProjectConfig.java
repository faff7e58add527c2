package dev.hivemind.analyzer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hivemind.api.Agent;
import dev.hivemind.api.HealthCheck;
import dev.hivemind.api.HookStep;
import dev.hivemind.api.InvalidInputException;
import dev.hivemind.api.RolloutPolicy;
import dev.hivemind.api.StageName;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.ValidationPlan;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A repository's {@code hivemind.yaml} (every key optional), checked against its JSON Schema
 * ({@code schema/hivemind.schema.json}) before anything reads it:
 * <pre>
 * app: shop                       # the app's name
 * build: npm run build:prod       # replaces the detected build step; runs after the dependencies are installed
 * start: node dist/server.js      # replaces the detected start command
 * migrate: npm run migrate        # the database migration, run before each release starts (replaces the detected one)
 * database: {type: postgresql, name: shop, version: 15}   # replaces the detected database; none: no database
 * port: 3000                      # the port the app listens on by default
 * health:
 *   path: /healthz                # the health check path
 * probes:
 *   startup: {path: /started, interval: 1s, timeout: 5s, threshold: 3, deadline: 60s}   # gates each instance
 * strategy: blue-green
 * tls: true                       # HTTPS on the public port (self-signed), plain HTTP redirected
 * env:
 *   LOG_LEVEL: info               # a value; ${VAR} takes the process environment's VAR
 *   DB_PASSWORD: {file: secrets/db-password}
 * environments:
 *   prod: {port: 8443, env: {LOG_LEVEL: warn}}   # an overlay of the keys above, chosen with --environment
 * </pre>
 * The other keys of the brief's configuration ({@code gates}, {@code hooks}, {@code smoke}, ...) are checked by the
 * schema and left to the parts that use them; a key nobody knows is refused, so a typo does not pass silently. Every
 * problem in the file is reported at once, each with its path in the file.
 *
 * @param app         the app's name
 * @param build       the build command override
 * @param start       the start command override
 * @param port        the port the app listens on
 * @param healthPath  the health check path ({@code health.path}, else {@code probes.startup.path})
 * @param strategy    the deployment strategy's name ({@code blue-green}, {@code recreate}, {@code canary},
 *                    {@code rolling})
 * @param env         the app's environment variables, unresolved
 * @param migrate     the database migration command override
 * @param database    the {@code database:} settings
 */
public record ProjectConfig(Optional<String> app, Optional<String> build, Optional<String> start,
                            Optional<Integer> port, Optional<String> healthPath, Optional<String> strategy,
                            Map<String, EnvSetting> env, Optional<String> migrate, Database database) {
    public static final String FILE = "hivemind.yaml";
    /** The environments an overlay may be named after; {@code dev} is the default. */
    public static final List<String> ENVIRONMENTS = List.of("dev", "test", "staging", "prod");
    /** The environment of a deployment that names none. */
    public static final String DEFAULT_ENVIRONMENT = "dev";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static final ProjectConfig NONE = new ProjectConfig(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public ProjectConfig {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(healthPath, "healthPath");
        Objects.requireNonNull(strategy, "strategy");
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        migrate = migrate == null ? Optional.empty() : migrate;
        database = database == null ? Database.NONE : database;
    }

    /**
     * {@code database:}: the type replacing the detected one ({@code none}: no database), and the name and
     * PostgreSQL major version of a database HiveMind provisions.
     */
    public record Database(Optional<String> type, Optional<String> name, Optional<String> version) {
        public static final Database NONE = new Database(Optional.empty(), Optional.empty(), Optional.empty());

        boolean isEmpty() {
            return type.isEmpty() && name.isEmpty() && version.isEmpty();
        }
    }

    /** A file without a migration command. */
    public ProjectConfig(Optional<String> app, Optional<String> build, Optional<String> start,
                         Optional<Integer> port, Optional<String> healthPath, Optional<String> strategy,
                         Map<String, EnvSetting> env) {
        this(app, build, start, port, healthPath, strategy, env, Optional.empty(), Database.NONE);
    }

    /** The detection overrides alone. */
    public ProjectConfig(Optional<String> app, Optional<String> build, Optional<String> start,
                         Optional<Integer> port, Optional<String> healthPath) {
        this(app, build, start, port, healthPath, Optional.empty(), Map.of());
    }

    /**
     * The top-level keys of the {@code hivemind.yaml} in {@code directory} (no environment overlay), or
     * {@link #NONE} when there is none.
     *
     * @throws InvalidInputException when the file is not YAML or breaks the schema, listing every problem
     */
    public static ProjectConfig read(Path directory) {
        return read(directory, Optional.empty());
    }

    /**
     * The {@code hivemind.yaml} in {@code directory} with the overlay {@code environments.<environment>} merged over
     * its top-level keys (mappings key by key, anything else replaced), or {@link #NONE} when there is no file.
     *
     * @throws InvalidInputException when the file is not YAML or breaks the schema, listing every problem
     */
    public static ProjectConfig read(Path directory, String environment) {
        return read(directory, Optional.of(environment));
    }

    /**
     * The {@code smoke:} tests and {@code load:} targets of the {@code hivemind.yaml} in {@code directory}, with the
     * overlay of {@code environment} applied; {@link ValidationPlan#NONE} when there is no file.
     *
     * @throws InvalidInputException when the file is not YAML or breaks the schema, listing every problem
     */
    public static ValidationPlan validationPlan(Path directory, String environment) {
        return checkedRoot(directory, Optional.of(environment)).map(ValidationPlans::of).orElse(ValidationPlan.NONE);
    }

    private static ProjectConfig read(Path directory, Optional<String> environment) {
        Optional<JsonNode> checked = checkedRoot(directory, environment);
        if (checked.isEmpty()) {
            return NONE;
        }
        JsonNode root = checked.get();
        return new ProjectConfig(text(root, "app"), text(root, "build"), text(root, "start"),
                Optional.ofNullable(root.get("port")).map(JsonNode::asInt),
                text(root.path("health"), "path").or(() -> text(root.path("probes").path("startup"), "path")),
                text(root, "strategy"), EnvSetting.of(root.path("env")),
                commands(root.get("migrate")), new Database(text(root.path("database"), "type"),
                text(root.path("database"), "name"), text(root.path("database"), "version")));
    }

    /** The file checked against the schema, with the overlay applied; empty when there is none. */
    private static Optional<JsonNode> checkedRoot(Path directory, Optional<String> environment) {
        Path file = directory.resolve(FILE);
        Optional<JsonNode> document = document(file);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        List<String> problems = ConfigSchema.instance().problems(document.get());
        if (!problems.isEmpty()) {
            throw invalid(file, problems);
        }
        return Optional.of(environment.map(name -> overlaid(document.get(), name)).orElse(document.get()));
    }

    /** The parsed file, empty when there is none or it holds nothing. */
    private static Optional<JsonNode> document(Path file) {
        Optional<String> text = ProjectFiles.read(file);
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode root = YAML.readTree(text.get());
            return root == null || root.isNull() || root.isMissingNode() ? Optional.empty() : Optional.of(root);
        } catch (JsonProcessingException e) {
            throw invalid(file, List.of("it is not valid YAML: " + e.getOriginalMessage()
                    + Optional.ofNullable(e.getLocation()).map(at -> " (line " + at.getLineNr() + ")").orElse("")));
        }
    }

    private static JsonNode overlaid(JsonNode root, String environment) {
        JsonNode overlay = root.path("environments").path(environment);
        ObjectNode merged = ((ObjectNode) root).deepCopy();
        merged.remove("environments");
        return overlay.isObject() ? merge(merged, overlay) : merged;
    }

    private static ObjectNode merge(ObjectNode base, JsonNode overlay) {
        overlay.fields().forEachRemaining(field -> {
            JsonNode current = base.get(field.getKey());
            if (current instanceof ObjectNode object && field.getValue().isObject()) {
                merge(object, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return base;
    }

    /**
     * The values of {@link #env()}: {@code ${VAR}} taken from {@code process}, {@code {file: path}} read (trimmed)
     * from {@code appDirectory}. The values may be secrets: keep them where {@code --env} values go.
     *
     * @throws InvalidInputException naming every variable that is not set and every file that cannot be read
     */
    public Map<String, String> environmentValues(Path appDirectory, Map<String, String> process) {
        return EnvSetting.resolve(env, appDirectory, process);
    }

    /**
     * The {@code hooks:} of the {@code hivemind.yaml} in {@code directory}, pending, with the overlay of
     * {@code environment} applied; none without the file or the key.
     *
     * @throws InvalidInputException when the file is not YAML or breaks the schema (a zero timeout too), listing
     *                               every problem
     */
    public static List<HookStep> hooks(Path directory, String environment) {
        Optional<JsonNode> root = checkedRoot(directory, Optional.of(environment));
        try {
            return root.map(HookConfigs::of).orElse(List.of());
        } catch (IllegalArgumentException zeroTimeout) {
            throw invalid(directory.resolve(FILE), List.of("hooks: " + zeroTimeout.getMessage()
                    + "; give each hook a timeout above zero"));
        }
    }

    /** The gates of {@code environment} when nothing names any: before provision and deploy for prod only. */
    public static List<StageName> defaultGates(String environment) {
        return environment.equals("prod") ? List.of(StageName.PROVISION, StageName.DEPLOY) : List.of();
    }

    /**
     * The {@code gates:} of the {@code hivemind.yaml} in {@code directory} with the overlay of {@code environment}
     * applied, when the file has the key (an empty list means no gate); empty when it has not.
     *
     * @throws InvalidInputException when the file is not YAML or breaks the schema, listing every problem
     */
    public static Optional<List<StageName>> configuredGates(Path directory, String environment) {
        return checkedRoot(directory, Optional.of(environment)).map(root -> root.path("gates"))
                .filter(JsonNode::isArray).map(gates -> {
                    List<StageName> stages = new ArrayList<>();
                    gates.forEach(entry -> stages.add(StageName.parse(entry.asText()).orElseThrow()));
                    return List.copyOf(stages);
                });
    }

    /**
     * The stages {@code gates:} makes wait for a person's approval ({@code gates: [provision, deploy]}, names or
     * numbers), with the overlay of {@code environment} applied; none without the file or the key.
     *
     * @throws InvalidInputException when the file is not YAML or breaks the schema, listing every problem
     */
    public static List<StageName> gates(Path directory, String environment) {
        return configuredGates(directory, environment).orElse(List.of());
    }

    /**
     * The replicas, canary steps and analysis, rolling batches, probes, draining and crash-loop limits of the
     * {@code hivemind.yaml} in {@code directory} with the overlay of {@code environment} applied;
     * {@link RolloutPolicy#defaults()} for whatever it leaves out, and without the file.
     *
     * @throws InvalidInputException when the file is not YAML, breaks the schema, or its steps or batches do not rise
     *                               (to 100), listing every problem with its path
     */
    public static RolloutPolicy rollout(Path directory, String environment) {
        Optional<JsonNode> root = checkedRoot(directory, Optional.of(environment));
        if (root.isEmpty()) {
            return RolloutPolicy.defaults();
        }
        RolloutSettings settings = new RolloutSettings();
        RolloutPolicy policy = settings.read(root.get());
        if (!settings.problems().isEmpty()) {
            throw invalid(directory.resolve(FILE), inEnvironment(settings.problems(), environment));
        }
        return policy;
    }

    /**
     * The startup probe's fields that the {@code hivemind.yaml} in {@code directory} sets, in {@code probes.startup}
     * or {@code health:}, with the overlay of {@code environment} applied; {@link HealthCheck.Settings#NONE} without
     * the file.
     *
     * @throws InvalidInputException when the file is not YAML, breaks the schema, sets a zero duration, or sets a
     *                               field in both places to different values, listing every problem with its path
     */
    public static HealthCheck.Settings startupProbe(Path directory, String environment) {
        Optional<JsonNode> root = checkedRoot(directory, Optional.of(environment));
        if (root.isEmpty()) {
            return HealthCheck.Settings.NONE;
        }
        StartupProbeSettings settings = new StartupProbeSettings();
        HealthCheck.Settings probe = settings.read(root.get());
        if (!settings.problems().isEmpty()) {
            throw invalid(directory.resolve(FILE), inEnvironment(settings.problems(), environment));
        }
        return probe;
    }

    /** The problems, each naming the overlay it comes with (none for the default environment). */
    private static List<String> inEnvironment(List<String> problems, String environment) {
        return problems.stream().map(problem -> environment.equals(DEFAULT_ENVIRONMENT) ? problem
                : problem + " (with the " + environment + " overlay)").toList();
    }

    /**
     * Whether {@code tls: true} asks for HTTPS on the public port, with the overlay of {@code environment} applied;
     * false without the file or the key.
     *
     * @throws InvalidInputException when the file is not YAML or breaks the schema, listing every problem
     */
    public static boolean tls(Path directory, String environment) {
        return checkedRoot(directory, Optional.of(environment)).map(root -> root.path("tls").asBoolean(false))
                .orElse(false);
    }

    /** {@code stack} with this file's start, build, migrate, port and health path in place of the detected ones. */
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
        if (!database.isEmpty()) {
            result = result.withDatabase(database.type(), database.name(), database.version(), "database "
                    + database.type().orElse(stack.databaseType().orElse("none")) + database.name().map(name -> ", name "
                    + name).orElse("") + database.version().map(version -> ", version " + version).orElse("")
                    + " from " + FILE + " database" + database.type().map(type -> " (detected: "
                    + stack.databaseType().orElse("none") + ")").orElse(""));
        }
        if (migrate.isPresent()) {
            result = result.withMigrateCommand(migrate.get(), "migrate_command from " + FILE + " migrate"
                    + stack.migrateCommand().map(detected -> " (replaces '" + detected + "')").orElse(""));
        }
        if (healthPath.isPresent()) {
            result = result.withHealthCheckPath(healthPath.get(), "health_check_path " + healthPath.get()
                    + " from " + FILE + " health.path / probes.startup.path");
        }
        return result;
    }

    /** A command, or a list of them joined with {@code &&} so the first that fails stops the rest. */
    private static Optional<String> commands(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            return Optional.of(node.asText().strip());
        }
        List<String> commands = new ArrayList<>();
        node.forEach(command -> commands.add(command.asText().strip()));
        return Optional.of(String.join(" && ", commands));
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText().strip());
    }

    private static InvalidInputException invalid(Path file, List<String> problems) {
        return new InvalidInputException(Agent.COMPILER, file + " has " + (problems.size() == 1 ? "a problem"
                : problems.size() + " problems") + ":\n  " + String.join("\n  ", problems),
                "Reading the project's " + FILE, "Correct " + file + " (docs/configuration.md lists its keys; schema/"
                + ConfigSchema.FILE + " lets an editor check it as you type), or remove it to use what HiveMind "
                + "detects");
    }
}
