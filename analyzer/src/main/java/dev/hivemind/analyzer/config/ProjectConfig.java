package dev.hivemind.analyzer.config;

import dev.hivemind.analyzer.stack.ConfiguredStart;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys of a repository's {@code hivemind.yaml} (every key optional), as {@link ProjectFile} reads them once
 * checked against its JSON Schema ({@code schema/hivemind.schema.json}):
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
 * schema and answered by {@link ProjectFile}'s other methods; a key nobody knows is refused, so a typo does not pass silently. Every
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
 * @param versionCheck whether the installed runtime is held to the version the app declares ({@code version-check:},
 *                     true unless the file says false)
 */
public record ProjectConfig(Optional<String> app, Optional<String> build, Optional<String> start,
                            Optional<Integer> port, Optional<String> healthPath, Optional<String> strategy,
                            Map<String, EnvSetting> env, Optional<String> migrate, Database database,
                            boolean versionCheck) {
    public static final String FILE = "hivemind.yaml";
    /** The environments an overlay may be named after; {@code dev} is the default. */
    public static final List<String> ENVIRONMENTS = List.of("dev", "test", "staging", "prod");
    /** The environment of a deployment that names none. */
    public static final String DEFAULT_ENVIRONMENT = "dev";

    public static final ProjectConfig NONE = new ProjectConfig(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
    /** The evidence line's word for a declared version {@code version-check: false} leaves unchecked. */
    public static final String UNCHECKED = "not checked";

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
        this(app, build, start, port, healthPath, strategy, env, Optional.empty(), Database.NONE, true);
    }

    /** The detection overrides alone. */
    public ProjectConfig(Optional<String> app, Optional<String> build, Optional<String> start,
                         Optional<Integer> port, Optional<String> healthPath) {
        this(app, build, start, port, healthPath, Optional.empty(), Map.of());
    }

    /**
     * The values of {@link #env()}: {@code ${VAR}} taken from {@code process}, {@code {file: path}} read (trimmed)
     * from {@code appDirectory}. The values may be secrets: keep them where {@code --env} values go.
     *
     * @throws dev.hivemind.api.error.InvalidInputException naming every variable that is not set and every file that cannot be read
     */
    public Map<String, String> environmentValues(Path appDirectory, Map<String, String> process) {
        return EnvSetting.resolve(env, appDirectory, process);
    }

    /** {@code stack} with this file's start, build, migrate, port and health path in place of the detected ones. */
    public TechStack applyTo(TechStack stack) {
        TechStack result = stack;
        boolean startDetectedFromThisFile = stack.evidence().stream()
                .anyMatch(line -> line.contains(ConfiguredStart.SOURCE));
        if (start.isPresent() && !startDetectedFromThisFile) {
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
        if (!versionCheck) {
            result = withoutVersionCheck(result);
        }
        if (healthPath.isPresent()) {
            result = result.withHealthCheckPath(healthPath.get(), "health_check_path " + healthPath.get()
                    + " from " + FILE + " health.path / probes.startup.path");
        }
        return result;
    }

    /**
     * {@code stack} with its declared runtime version kept but marked unchecked, so that neither preflight nor the
     * builder holds the installed runtime to it ({@code RuntimeVersionRequirement.declared} reads the evidence).
     */
    private static TechStack withoutVersionCheck(TechStack stack) {
        String prefix = "runtime_version " + stack.runtimeVersion() + " from ";
        List<String> evidence = stack.evidence().stream().map(line -> line.startsWith(prefix)
                ? "runtime_version " + stack.runtimeVersion() + " " + UNCHECKED + " (" + FILE + " version-check: "
                + "false), declared in " + line.substring(prefix.length()) : line).toList();
        return stack.withEvidence(evidence);
    }
}
