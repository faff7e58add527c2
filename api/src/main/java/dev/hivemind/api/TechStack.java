package dev.hivemind.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the analyzer found in a repository.
 *
 * @param language          {@code nodejs}, {@code python}, {@code go}, {@code java} or {@code static}
 * @param framework         {@code express}, {@code fastify}, ..., or {@code none}
 * @param runtimeVersion    the runtime version constraint, e.g. {@code 20} or {@code >=18}
 * @param dependencies      the direct dependencies' names
 * @param requiresDatabase  whether a database driver is present
 * @param databaseType      {@code postgresql}, {@code mysql}, {@code mongodb}, {@code redis}, {@code sqlite}, {@code h2}
 * @param buildTool         {@code npm}, {@code yarn}, {@code pnpm}, {@code bun}, {@code pip}, {@code poetry},
 *                          {@code pipenv}, {@code uv}, {@code go}, {@code maven}, {@code gradle}, {@code copy}
 * @param startCommand      the command that starts the app, run by a shell in the artifact directory
 * @param healthCheckPath   the health path the code declares, when it declares one
 * @param evidence          where each answer came from (file and field)
 * @param port              the port the app listens on when nothing tells it otherwise (a literal in the code,
 *                          {@code server.port}, a Procfile bind), when the code declares one; the target still
 *                          gives every instance its own {@code PORT}
 * @param buildCommand      a build command from {@code hivemind.yaml} that replaces the detected build step, run
 *                          by {@code /bin/sh -c} in the artifact directory after the dependencies are installed
 * @param migrateCommand    the database migration command ({@code hivemind.yaml}'s {@code migrate}, or detected:
 *                          {@code npx prisma migrate deploy}, {@code python manage.py migrate}, ...), run by
 *                          {@code /bin/sh -c} in the artifact directory before a release is started
 * @param databaseName      the database (and role) name a provisioned database gets ({@code hivemind.yaml}'s
 *                          {@code database.name}; default: the app's name with {@code _} for {@code -})
 * @param databaseVersion   the PostgreSQL major version a provisioned database runs ({@code database.version};
 *                          default: the newest installed, or the one an existing cluster was made with)
 * @param fixedPort         present when the app listens on its port whatever {@code PORT} says, with the evidence
 */
public record TechStack(
        String language,
        String framework,
        String runtimeVersion,
        List<String> dependencies,
        boolean requiresDatabase,
        Optional<String> databaseType,
        String buildTool,
        String startCommand,
        Optional<String> healthCheckPath,
        List<String> evidence,
        Optional<Integer> port,
        Optional<String> buildCommand,
        Optional<String> migrateCommand,
        Optional<String> databaseName,
        Optional<String> databaseVersion,
        Optional<FixedPort> fixedPort) {

    /** Database types that run inside the app's process and need no server. */
    public static final List<String> EMBEDDED_DATABASES = List.of("sqlite", "h2", "hsqldb", "derby");

    public TechStack {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(runtimeVersion, "runtimeVersion");
        dependencies = List.copyOf(dependencies);
        Objects.requireNonNull(databaseType, "databaseType");
        Objects.requireNonNull(buildTool, "buildTool");
        Objects.requireNonNull(startCommand, "startCommand");
        Objects.requireNonNull(healthCheckPath, "healthCheckPath");
        evidence = List.copyOf(evidence);
        port = port == null ? Optional.empty() : port;
        buildCommand = buildCommand == null ? Optional.empty() : buildCommand;
        migrateCommand = migrateCommand == null ? Optional.empty() : migrateCommand;
        databaseName = databaseName == null ? Optional.empty() : databaseName;
        databaseVersion = databaseVersion == null ? Optional.empty() : databaseVersion;
        fixedPort = fixedPort == null ? Optional.empty() : fixedPort;
        port.filter(value -> value < 1 || value > 65_535).ifPresent(value -> {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + value);
        });
        if (requiresDatabase != databaseType.isPresent()) {
            throw new IllegalArgumentException("requiresDatabase must agree with databaseType");
        }
    }

    /** A stack that listens on the {@code PORT} it is given. */
    public TechStack(String language, String framework, String runtimeVersion, List<String> dependencies,
                     boolean requiresDatabase, Optional<String> databaseType, String buildTool, String startCommand,
                     Optional<String> healthCheckPath, List<String> evidence, Optional<Integer> port,
                     Optional<String> buildCommand, Optional<String> migrateCommand, Optional<String> databaseName,
                     Optional<String> databaseVersion) {
        this(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType, buildTool,
                startCommand, healthCheckPath, evidence, port, buildCommand, migrateCommand, databaseName,
                databaseVersion, Optional.empty());
    }

    /** A stack without database settings. */
    public TechStack(String language, String framework, String runtimeVersion, List<String> dependencies,
                     boolean requiresDatabase, Optional<String> databaseType, String buildTool, String startCommand,
                     Optional<String> healthCheckPath, List<String> evidence, Optional<Integer> port,
                     Optional<String> buildCommand, Optional<String> migrateCommand) {
        this(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType, buildTool,
                startCommand, healthCheckPath, evidence, port, buildCommand, migrateCommand, Optional.empty(),
                Optional.empty());
    }

    /** A stack without a migration command. */
    public TechStack(String language, String framework, String runtimeVersion, List<String> dependencies,
                     boolean requiresDatabase, Optional<String> databaseType, String buildTool, String startCommand,
                     Optional<String> healthCheckPath, List<String> evidence, Optional<Integer> port,
                     Optional<String> buildCommand) {
        this(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType, buildTool,
                startCommand, healthCheckPath, evidence, port, buildCommand, Optional.empty());
    }

    /** A stack with no declared port and no build command override. */
    public TechStack(String language, String framework, String runtimeVersion, List<String> dependencies,
                     boolean requiresDatabase, Optional<String> databaseType, String buildTool, String startCommand,
                     Optional<String> healthCheckPath, List<String> evidence) {
        this(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType, buildTool,
                startCommand, healthCheckPath, evidence, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether the database needs a server of its own (PostgreSQL, MySQL, ...), unlike SQLite or H2. */
    public boolean databaseNeedsServer() {
        return databaseType.filter(type -> !EMBEDDED_DATABASES.contains(type)).isPresent();
    }

    /** How the evidence of a database server the app offers (by a profile) but does not need by default starts. */
    public static final String DATABASE_OFFERED = "database_type postgresql offered by ";

    /**
     * Whether the app runs on an embedded database by default and only offers a server one (a Spring app's
     * {@code postgres} profile): HiveMind gives it the server, and it is not said to require one.
     */
    public boolean databaseOffered() {
        return databaseNeedsServer() && evidence.stream().anyMatch(line -> line.startsWith(DATABASE_OFFERED));
    }

    /** This stack with {@code lines} as its evidence (a configuration that rewords what detection found). */
    public TechStack withEvidence(List<String> lines) {
        return new TechStack(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType,
                buildTool, startCommand, healthCheckPath, lines, port, buildCommand, migrateCommand, databaseName,
                databaseVersion, fixedPort);
    }

    public TechStack withStartCommand(String command, String because) {
        return new TechStack(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType,
                buildTool, command, healthCheckPath, plus(because), port, buildCommand,
                migrateCommand, databaseName, databaseVersion, fixedPort);
    }

    public TechStack withHealthCheckPath(String path, String because) {
        return new TechStack(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType,
                buildTool, startCommand, Optional.of(path), plus(because), port, buildCommand,
                migrateCommand, databaseName, databaseVersion, fixedPort);
    }

    public TechStack withPort(int value, String because) {
        return new TechStack(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType,
                buildTool, startCommand, healthCheckPath, plus(because), Optional.of(value), buildCommand,
                migrateCommand, databaseName, databaseVersion, fixedPort);
    }

    /** This stack, known to listen on {@code fixed} whatever {@code PORT} says. */
    public TechStack withFixedPort(FixedPort fixed) {
        return new TechStack(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType,
                buildTool, startCommand, healthCheckPath, evidence, port, buildCommand, migrateCommand, databaseName,
                databaseVersion, Optional.of(fixed));
    }

    public TechStack withBuildCommand(String command, String because) {
        return new TechStack(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType,
                buildTool, startCommand, healthCheckPath, plus(because), port, Optional.of(command),
                migrateCommand, databaseName, databaseVersion, fixedPort);
    }

    public TechStack withMigrateCommand(String command, String because) {
        return new TechStack(language, framework, runtimeVersion, dependencies, requiresDatabase, databaseType,
                buildTool, startCommand, healthCheckPath, plus(because), port, buildCommand, Optional.of(command),
                databaseName, databaseVersion, fixedPort);
    }

    /**
     * The database settings of {@code hivemind.yaml}: {@code type} replaces the detected database ({@code none}: the
     * app needs none), {@code name} and {@code version} apply to a database HiveMind provisions.
     */
    public TechStack withDatabase(Optional<String> type, Optional<String> name, Optional<String> version,
                                  String because) {
        Optional<String> chosen = type.isPresent() ? type.filter(value -> !value.equals("none")) : databaseType;
        return new TechStack(language, framework, runtimeVersion, dependencies, chosen.isPresent(), chosen,
                buildTool, startCommand, healthCheckPath, plus(because), port, buildCommand, migrateCommand,
                name.or(() -> databaseName), version.or(() -> databaseVersion), fixedPort);
    }

    private List<String> plus(String line) {
        List<String> lines = new ArrayList<>(evidence);
        lines.add(line);
        return lines;
    }
}
