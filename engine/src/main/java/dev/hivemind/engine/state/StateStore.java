package dev.hivemind.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Persists deployments under {@code HIVEMIND_HOME/deployments/<id>/}: the state (written atomically), the
 * human-readable log, and the app's environment values, which may be secrets and so live apart from the state.
 * Directories are created 0700 and files 0600.
 */
public final class StateStore {
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Comparator<DeploymentState> NEWEST_FIRST = Comparator
            .comparing(DeploymentState::createdAt).thenComparing(DeploymentState::deploymentId).reversed();

    private final HivemindHome home;

    public StateStore(HivemindHome home) {
        this.home = Objects.requireNonNull(home, "home");
    }

    public HivemindHome home() {
        return home;
    }

    /** Creates the deployment's directory and writes its first state; refuses an id that already exists. */
    public void create(DeploymentState state) {
        DeploymentPaths paths = paths(state.deploymentId());
        try {
            PrivateFiles.newDirectory(paths.directory());
        } catch (FileAlreadyExistsException exists) {
            throw new InvalidInputException(Agent.CONDUCTOR,
                    "deployment " + state.deploymentId() + " already exists in " + home.deployments(),
                    "Creating deployment " + state.deploymentId(),
                    "Continue it with `hivemind resume " + state.deploymentId() + "`, or deploy again for a new id",
                    exists);
        } catch (IOException error) {
            throw IoErrors.failure("create", paths.directory(), error);
        }
        save(state);
    }

    /** Checkpoints the state: a temp file in the same directory, fsync, atomic rename. */
    public void save(DeploymentState state) {
        Path file = paths(state.deploymentId()).state();
        try {
            PrivateFiles.writeAtomically(file, (StateJson.write(state) + "\n").getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException error) {
            throw IoErrors.failure("write", file, error);
        }
    }

    /**
     * The deployment's state.
     *
     * @throws InvalidInputException when no deployment has that id
     */
    public DeploymentState load(String id) {
        return find(id).orElseThrow(() -> new InvalidInputException(Agent.CONDUCTOR,
                "no deployment '" + id + "' in " + home.deployments(), "Looking up deployment " + id,
                "Run `hivemind history APP` to list an app's deployments, or `hivemind status` for the latest"));
    }

    /** The deployment's state, or empty when no deployment has that id. */
    public Optional<DeploymentState> find(String id) {
        requireDirectoryHome();
        Path file = paths(id).state();
        try {
            return Optional.of(StateJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException error) {
            throw home.unusable(Agent.CONDUCTOR, "read", file, error);
        }
    }

    /** Every deployment, newest first. */
    public List<DeploymentState> list() {
        requireDirectoryHome();
        if (Files.notExists(home.deployments())) {
            return List.of(); // a home not set up yet; one that cannot be read is not taken for empty
        }
        List<DeploymentState> states = new ArrayList<>();
        try (Stream<Path> entries = Files.list(home.deployments())) {
            for (Path entry : entries.toList()) {
                String id = entry.getFileName().toString();
                if (DeploymentIds.isValid(id)) {
                    find(id).ifPresent(states::add);
                }
            }
        } catch (IOException error) {
            throw home.unusable(Agent.CONDUCTOR, "list the deployments in", home.deployments(), error);
        }
        states.sort(NEWEST_FIRST);
        return List.copyOf(states);
    }

    /** A file where the home should be is an unusable home, not one without deployments. */
    private void requireDirectoryHome() {
        if (Files.exists(home.root()) && !Files.isDirectory(home.root())) {
            throw home.unusable(Agent.CONDUCTOR, "read", home.root(),
                    new NotDirectoryException(home.root().toString()));
        }
    }

    /** The app's deployments, newest first. */
    public List<DeploymentState> listForApp(String app) {
        return list().stream().filter(state -> state.app().equals(app)).toList();
    }

    /** Appends one line to {@code logs.txt}: {@code 2026-11-22T03:35:12.123Z [Compiler] INFO message}. */
    public void appendLog(String id, LogEntry entry) {
        appendLog(id, entry, "");
    }

    /** Appends one line, followed by {@code details} (a stack trace, say) indented under it. */
    public void appendLog(String id, LogEntry entry, String details) {
        StringBuilder text = new StringBuilder();
        text.append(LOG_TIME.format(entry.timestamp())).append(" [").append(entry.agent().displayName()).append("] ")
                .append(entry.level()).append(' ').append(indentContinuations(entry.message())).append('\n');
        details.lines().filter(line -> !line.isBlank()).forEach(line -> text.append("    ").append(line).append('\n'));
        Path file = logFile(id);
        try {
            PrivateFiles.append(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException error) {
            throw IoErrors.failure("append to", file, error);
        }
    }

    /** Stores the app's environment values apart from the state, mode 0600. */
    public void saveEnvironment(String id, Map<String, String> values) {
        Path file = paths(id).environment();
        try {
            PrivateFiles.writeAtomically(file, StateJson.MAPPER.writeValueAsBytes(new LinkedHashMap<>(values)), true);
        } catch (IOException error) {
            throw IoErrors.failure("write", file, error);
        }
    }

    /** The app's environment values, empty when none were given. */
    public Map<String, String> loadEnvironment(String id) {
        Path file = paths(id).environment();
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            return Map.copyOf(StateJson.MAPPER.readValue(json, new TypeReference<Map<String, String>>() { }));
        } catch (NoSuchFileException missing) {
            return Map.of();
        } catch (JsonProcessingException malformed) {
            throw new InvalidInputException(Agent.CONDUCTOR, file + " is not a JSON object of strings",
                    "Reading the environment of deployment " + id,
                    "Restore the file or deploy again with the --env values", malformed);
        } catch (IOException error) {
            throw IoErrors.failure("read", file, error);
        }
    }

    /** The layout of the deployment's directory. */
    public DeploymentPaths paths(String id) {
        return DeploymentPaths.of(home.root(), home.deployment(requireValidId(id)));
    }

    public Path artifactsDirectory(String id) {
        return paths(id).artifacts();
    }

    public Path sourceDirectory(String id) {
        return paths(id).source();
    }

    public Path journal(String id) {
        return paths(id).journal();
    }

    public Path logFile(String id) {
        return paths(id).logFile();
    }

    private static String requireValidId(String id) {
        if (!DeploymentIds.isValid(id)) {
            throw new InvalidInputException(Agent.CONDUCTOR, "'" + id + "' is not a deployment id",
                    "Looking up a deployment",
                    "Deployment ids hold lower-case letters, digits and dashes; `hivemind history APP` lists them");
        }
        return id;
    }

    private static String indentContinuations(String message) {
        return message.strip().replace("\r\n", "\n").replace("\n", "\n    ");
    }
}
