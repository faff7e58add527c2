package dev.hivemind.analyzer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.ValidationPlan;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.StageName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A repository's {@code hivemind.yaml}, read, parsed and checked against its JSON Schema once; every question a
 * command asks of it (the keys, gates, hooks, TLS, rollout, smoke and load) is answered from that one document, with
 * the overlay {@code environments.<environment>} merged over the top-level keys (mappings key by key, anything else
 * replaced). A directory without the file answers as an empty file: {@link ProjectConfig#NONE}, no gates, no hooks,
 * the default rollout.
 */
public final class ProjectFile {
    private final Path file;
    private final Optional<JsonNode> document;

    private ProjectFile(Path file, Optional<JsonNode> document) {
        this.file = file;
        this.document = document;
    }

    /**
     * Reads and checks the {@code hivemind.yaml} in {@code directory}.
     *
     * @throws InvalidInputException when the file is not YAML or breaks the schema, listing every problem
     */
    public static ProjectFile read(Path directory) {
        Path file = directory.resolve(ProjectConfig.FILE);
        Optional<JsonNode> document = document(file);
        document.ifPresent(root -> {
            List<String> problems = ConfigSchema.instance().problems(root);
            if (!problems.isEmpty()) {
                throw invalid(file, problems);
            }
        });
        return new ProjectFile(file, document);
    }

    /** Where the file is (or would be). */
    public Path file() {
        return file;
    }

    /** The top-level keys, without any environment overlay; {@link ProjectConfig#NONE} without the file. */
    public ProjectConfig config() {
        return document.map(ProjectFile::config).orElse(ProjectConfig.NONE);
    }

    /** The keys with the overlay of {@code environment} applied; {@link ProjectConfig#NONE} without the file. */
    public ProjectConfig config(String environment) {
        return overlaid(environment).map(ProjectFile::config).orElse(ProjectConfig.NONE);
    }

    /** The {@code smoke:} tests and {@code load:} targets; {@link ValidationPlan#NONE} without the file. */
    public ValidationPlan validationPlan(String environment) {
        return overlaid(environment).map(ValidationPlans::of).orElse(ValidationPlan.NONE);
    }

    /**
     * The {@code hooks:}, pending; none without the file or the key.
     *
     * @throws InvalidInputException when a hook's timeout is zero
     */
    public List<HookStep> hooks(String environment) {
        try {
            return overlaid(environment).map(HookConfigs::of).orElse(List.of());
        } catch (IllegalArgumentException zeroTimeout) {
            throw invalid(file, List.of("hooks: " + zeroTimeout.getMessage()
                    + "; give each hook a timeout above zero"));
        }
    }

    /** The gates of {@code environment} when nothing names any: before provision and deploy for prod only. */
    public static List<StageName> defaultGates(String environment) {
        return environment.equals("prod") ? List.of(StageName.PROVISION, StageName.DEPLOY) : List.of();
    }

    /** The {@code gates:} when the file has the key (an empty list means no gate); empty when it has not. */
    public Optional<List<StageName>> configuredGates(String environment) {
        return overlaid(environment).map(root -> root.path("gates")).filter(JsonNode::isArray).map(gates -> {
            List<StageName> stages = new ArrayList<>();
            gates.forEach(entry -> stages.add(StageName.parse(entry.asText()).orElseThrow()));
            return List.copyOf(stages);
        });
    }

    /** The stages {@code gates:} makes wait for a person's approval (names or numbers); none without the key. */
    public List<StageName> gates(String environment) {
        return configuredGates(environment).orElse(List.of());
    }

    /**
     * The replicas, canary steps and analysis, rolling batches, probes, draining and crash-loop limits;
     * {@link RolloutPolicy#defaults()} for whatever the file leaves out, and without the file.
     *
     * @throws InvalidInputException when the steps or batches do not rise (to 100), listing every problem with its
     *                               path
     */
    public RolloutPolicy rollout(String environment) {
        Optional<JsonNode> root = overlaid(environment);
        if (root.isEmpty()) {
            return RolloutPolicy.defaults();
        }
        RolloutSettings settings = new RolloutSettings();
        RolloutPolicy policy = settings.read(root.get());
        if (!settings.problems().isEmpty()) {
            throw invalid(file, inEnvironment(settings.problems(), environment));
        }
        return policy;
    }

    /**
     * The startup probe's fields the file sets, in {@code probes.startup} or {@code health:};
     * {@link HealthCheck.Settings#NONE} without the file.
     *
     * @throws InvalidInputException when it sets a zero duration, or a field in both places to different values,
     *                               listing every problem with its path
     */
    public HealthCheck.Settings startupProbe(String environment) {
        Optional<JsonNode> root = overlaid(environment);
        if (root.isEmpty()) {
            return HealthCheck.Settings.NONE;
        }
        StartupProbeSettings settings = new StartupProbeSettings();
        HealthCheck.Settings probe = settings.read(root.get());
        if (!settings.problems().isEmpty()) {
            throw invalid(file, inEnvironment(settings.problems(), environment));
        }
        return probe;
    }

    /** The problems, each naming the overlay it comes with (none for the default environment). */
    private static List<String> inEnvironment(List<String> problems, String environment) {
        return problems.stream().map(problem -> environment.equals(ProjectConfig.DEFAULT_ENVIRONMENT) ? problem
                : problem + " (with the " + environment + " overlay)").toList();
    }

    /**
     * Where the file says the app runs and on which servers ({@code target:}, {@code hosts:}, {@code ssh-key:},
     * {@code max-parallel:}), with the environment's overlay; hosts as {@code user@host:port} (or as written).
     */
    public RemoteSettings remote(String environment) {
        Optional<JsonNode> root = overlaid(environment);
        Optional<String> target = root.map(node -> node.path("target")).filter(JsonNode::isTextual)
                .map(JsonNode::asText);
        List<String> hosts = new java.util.ArrayList<>();
        root.map(node -> node.path("hosts")).filter(JsonNode::isArray).ifPresent(array -> array.forEach(entry -> {
            if (entry.isTextual()) {
                hosts.add(entry.asText());
            } else if (entry.isObject()) {
                String user = entry.path("user").asText("root");
                String host = entry.path("host").asText();
                hosts.add(user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                        + entry.path("port").asInt(22));
            }
        }));
        Optional<String> key = root.map(node -> node.path("ssh-key")).filter(JsonNode::isTextual)
                .map(JsonNode::asText);
        Optional<Integer> parallel = root.map(node -> node.path("max-parallel")).filter(JsonNode::isInt)
                .map(JsonNode::asInt);
        return new RemoteSettings(target, hosts, key, parallel);
    }

    /**
     * What the file's {@code aws:} asks of the aws target ({@code region}, {@code instance_type}, {@code instances},
     * {@code domain}, {@code certificate_arn}, {@code admin_cidr}, {@code database: {instance_class, storage_gb}}),
     * with the environment's overlay over the top-level keys; none when the file has no {@code aws:}.
     */
    public dev.hivemind.api.remote.CloudSettings cloud(String environment) {
        Optional<JsonNode> aws = overlaid(environment).map(node -> node.path("aws")).filter(JsonNode::isObject);
        if (aws.isEmpty()) {
            return dev.hivemind.api.remote.CloudSettings.none();
        }
        JsonNode node = aws.get();
        JsonNode database = node.path("database");
        return new dev.hivemind.api.remote.CloudSettings(text(node, "region"), text(node, "instance_type"),
                node.path("instances").asInt(0), text(node, "domain"), text(node, "certificate_arn"),
                text(node, "admin_cidr"), new dev.hivemind.api.remote.CloudSettings.Database(
                text(database, "instance_class"), database.path("storage_gb").asInt(0)));
    }

    /** The file's {@code target:}, {@code hosts:}, {@code ssh-key:} and {@code max-parallel:}, each if set. */
    public record RemoteSettings(Optional<String> target, List<String> hosts, Optional<String> sshKey,
                                 Optional<Integer> maxParallel) {
        public RemoteSettings {
            hosts = List.copyOf(hosts);
        }

        public static RemoteSettings none() {
            return new RemoteSettings(Optional.empty(), List.of(), Optional.empty(), Optional.empty());
        }
    }

    /** The base image {@code image: {base: ...}} names for {@code hivemind image}, with the overlay applied. */
    public Optional<String> imageBase(String environment) {
        return overlaid(environment).map(root -> root.path("image").path("base")).filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    /** The registry {@code image: {registry: ...}} names for {@code deploy --target kubernetes}, with the overlay. */
    public Optional<String> imageRegistry(String environment) {
        return overlaid(environment).map(root -> root.path("image").path("registry")).filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    /**
     * The in-cluster PostgreSQL {@code database: {in-cluster: true}} asks the kubernetes target for, with the size
     * {@code database.storage} gives its volume; empty when the key is absent or false (the overlay applied).
     */
    public Optional<InClusterDatabase> inClusterDatabase(String environment) {
        return overlaid(environment).map(root -> root.path("database"))
                .filter(database -> database.path("in-cluster").asBoolean(false))
                .map(database -> new InClusterDatabase(text(database, "storage").orElse(InClusterDatabase.STORAGE)));
    }

    /**
     * A PostgreSQL the kubernetes target runs in the cluster.
     *
     * @param storage the size of its volume, a Kubernetes quantity ({@value #STORAGE} unless given)
     */
    public record InClusterDatabase(String storage) {
        public static final String STORAGE = "1Gi";
    }

    /** Whether {@code tls: true} asks for HTTPS on the public port; false without the file or the key. */
    public boolean tls(String environment) {
        return overlaid(environment).map(root -> root.path("tls").asBoolean(false)).orElse(false);
    }

    /**
     * The parsed file, empty when there is none or it holds nothing; anything else at its path (a directory, a FIFO,
     * a device, a symbolic link) is refused rather than taken for no file.
     */
    private static Optional<JsonNode> document(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        requireRegular(file);
        try {
            String text = contents(file);
            return text.isBlank() ? Optional.empty() : YamlTree.read(text);
        } catch (YamlTree.Problem problem) {
            throw invalid(file, List.of("line " + problem.line() + ": " + problem.getMessage()));
        } catch (JsonProcessingException e) {
            throw invalid(file, List.of("it is not valid YAML: " + e.getOriginalMessage()
                    + Optional.ofNullable(e.getLocation()).map(at -> " (line " + at.getLineNr() + ")").orElse("")));
        } catch (IOException e) {
            throw invalid(file, List.of("it cannot be read: " + e.getMessage()));
        }
    }

    /** The file's text, at most {@link ProjectFiles#MAX_BYTES}, never through a symbolic link. */
    private static String contents(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(ProjectFiles.MAX_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static void requireRegular(Path file) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        throw new InvalidInputException(Agent.COMPILER, file + " is " + kind(file) + ", not a regular file",
                "Reading the project's " + ProjectConfig.FILE, "Put the configuration in a regular file named "
                + ProjectConfig.FILE + " (HiveMind follows no symbolic link in the source), or remove " + file);
    }

    private static String kind(Path file) {
        if (Files.isSymbolicLink(file)) {
            try {
                return "a symbolic link (to " + Files.readSymbolicLink(file) + ")";
            } catch (IOException e) {
                return "a symbolic link";
            }
        }
        return Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "a directory"
                : "a special file (a FIFO, socket or device)";
    }

    /** A copy of the document with the overlay of {@code environment} merged in and {@code environments} removed. */
    private Optional<JsonNode> overlaid(String environment) {
        return document.map(root -> {
            JsonNode overlay = root.path("environments").path(environment);
            ObjectNode merged = ((ObjectNode) root).deepCopy();
            merged.remove("environments");
            return overlay.isObject() ? merge(merged, overlay) : merged;
        });
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

    private static ProjectConfig config(JsonNode root) {
        JsonNode database = root.path("database");
        return new ProjectConfig(text(root, "app"), text(root, "build"), text(root, "start"),
                Optional.ofNullable(root.get("port")).map(JsonNode::asInt),
                text(root.path("health"), "path").or(() -> text(root.path("probes").path("startup"), "path")),
                text(root, "strategy"), EnvSetting.of(root.path("env")),
                commands(root.get("migrate")), new ProjectConfig.Database(text(database, "type"),
                text(database, "name"), text(database, "version")),
                !root.path("version-check").isBoolean() || root.path("version-check").asBoolean());
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
                "Reading the project's " + ProjectConfig.FILE, "Correct " + file + " (docs/configuration.md lists "
                + "its keys; schema/" + ConfigSchema.FILE + " lets an editor check it as you type), or remove it to "
                + "use what HiveMind detects");
    }
}
