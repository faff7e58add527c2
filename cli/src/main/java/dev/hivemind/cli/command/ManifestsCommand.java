package dev.hivemind.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.analyzer.config.ProjectFile;
import dev.hivemind.api.FixedPort;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.TemporaryClone;
import dev.hivemind.cli.Wiring;
import dev.hivemind.engine.stage.AppSource;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import dev.hivemind.target.kubernetes.manifest.DatabaseManifests;
import dev.hivemind.target.kubernetes.manifest.DatabasePassword;
import dev.hivemind.target.kubernetes.manifest.DatabaseSettings;
import dev.hivemind.target.kubernetes.manifest.ManifestSettings;
import dev.hivemind.target.kubernetes.manifest.ManifestYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind manifests SOURCE --target kubernetes --image HOST/REPO@sha256:…}: the Kubernetes objects the app
 * runs as, written as YAML to stdout or one file per object in a folder, for Argo CD or Flux; no cluster is
 * touched. The app is analysed (not built) for its port and health path; the image is one {@code hivemind image}
 * pushed.
 */
@Command(name = "manifests", description = "Write the Kubernetes objects the app in SOURCE runs as (YAML), for "
        + "GitOps; touches no cluster.")
public final class ManifestsCommand implements Callable<Integer> {
    private static final Pattern DIGEST_REFERENCE = Pattern.compile("[^@\\s]+/[^@\\s]+@sha256:[0-9a-f]{64}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_STARTUP = Duration.ofSeconds(60);
    /** The PostgreSQL major version an in-cluster database runs unless {@code database.version} says. */
    private static final String DEFAULT_POSTGRES = "17";

    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A directory or a git URL.")
    String source;

    @Option(names = "--target", paramLabel = "TARGET", defaultValue = "kubernetes",
            description = "kubernetes (the only target with manifests).")
    String target;

    @Option(names = "--image", required = true, paramLabel = "HOST/REPO@sha256:DIGEST",
            description = "The image, by digest, as hivemind image prints it.")
    String image;

    @Option(names = "--app", paramLabel = "NAME", description = "The app's name (default: app in hivemind.yaml, "
            + "else the source's name).")
    Optional<String> app;

    @Option(names = "--app-dir", paramLabel = "DIR", description = "The sub-directory that holds the app.")
    Optional<String> appDir;

    @Option(names = "--namespace", paramLabel = "NS", description = "The namespace (default: the app's name).")
    Optional<String> namespace;

    @Option(names = "--replicas", paramLabel = "N", description = "Pods (default: replicas in hivemind.yaml, "
            + "else 1).")
    Optional<Integer> replicas;

    @Option(names = "--domain", paramLabel = "HOST", description = "Route HOST to the app with an Ingress.")
    Optional<String> domain;

    @Option(names = "--tls-issuer", paramLabel = "ISSUER", description = "A cert-manager ClusterIssuer for the "
            + "Ingress's certificate (needs --domain).")
    Optional<String> tlsIssuer;

    @Option(names = "--out", paramLabel = "DIR", description = "Write one file per object into DIR instead of "
            + "stdout.")
    Optional<Path> out;

    ManifestsCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        checkOptions();
        SourceLocation location = SourceLocation.parse(source, invocation.workingDirectory());
        Wiring wiring = new Wiring(invocation);
        List<ObjectNode> objects = switch (location) {
            case SourceLocation.LocalDirectory local -> objects(wiring.analyzer(), local.path(), location);
            case SourceLocation.GitUrl git -> TemporaryClone.read(invocation, wiring.fetcher(), git,
                    "hivemind-manifests-", root -> objects(wiring.analyzer(), root, location));
        };
        out.ifPresentOrElse(directory -> write(directory, objects),
                () -> invocation.out().print(ManifestYaml.documents(objects)));
        return ExitCodes.OK;
    }

    /** Every option checked before the source is read or cloned. */
    private void checkOptions() {
        if (!target.equals("kubernetes")) {
            throw DeployCommand.invalid("--target " + target + " has no manifests", "Pass --target kubernetes; "
                    + "the local and ssh targets run apps with HiveMind's host agent, not from manifests");
        }
        if (!DIGEST_REFERENCE.matcher(image).matches()) {
            throw DeployCommand.invalid("--image '" + image + "' is not an image by digest", "Name the image by "
                    + "its digest, as hivemind image prints it: --image registry.example.com/team/shop@sha256:…");
        }
        app.ifPresent(DeployCommand::appName);
        namespace.ifPresent(name -> {
            if (!name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
                throw DeployCommand.invalid("--namespace '" + name + "' is not a valid namespace",
                        "Use lower-case letters, digits and dashes, starting and ending with a letter or digit");
            }
        });
        replicas.filter(count -> count < 1).ifPresent(count -> {
            throw DeployCommand.invalid("--replicas " + count + " is not a number of pods", "Pass 1 or more");
        });
        domain.map(host -> host.toLowerCase(Locale.ROOT)).filter(host -> !DOMAIN.matcher(host).matches())
                .ifPresent(host -> {
                    throw DeployCommand.invalid("--domain '" + host + "' is not a host name",
                            "Pass a host name such as shop.example.com");
                });
        if (tlsIssuer.isPresent() && domain.isEmpty()) {
            throw DeployCommand.invalid("--tls-issuer needs --domain", "Pass the host the certificate is for with "
                    + "--domain");
        }
    }

    private List<ObjectNode> objects(RepositoryAnalyzer analyzer, Path root, SourceLocation location) {
        Path directory = AppSource.appDirectory(root, appDir);
        TechStack stack = analyzer.analyze(directory);
        ProjectFile file = analyzer.projectFile(directory);
        ProjectConfig config = file.config();
        String name = app.or(config::app).map(DeployCommand::appName)
                .orElseGet(() -> DeployCommand.derivedAppName(location));
        HealthCheck.Settings probe = file.startupProbe(ProjectConfig.DEFAULT_ENVIRONMENT);
        ManifestSettings settings = new ManifestSettings(name, namespace.orElse(name), image,
                stack.fixedPort().map(FixedPort::port).or(stack::port).orElse(8080),
                probe.path().or(stack::healthCheckPath).orElse("/"), probe.interval().orElse(DEFAULT_INTERVAL),
                probe.timeout().orElse(DEFAULT_TIMEOUT), probe.threshold().orElse(3),
                probe.startupDeadline().orElse(DEFAULT_STARTUP), replicas.orElse(file.rollout(ProjectConfig.DEFAULT_ENVIRONMENT).replicas()),
                domain.map(host -> host.toLowerCase(Locale.ROOT)), tlsIssuer);
        List<ObjectNode> objects = new ArrayList<>(AppManifests.of(settings));
        file.inClusterDatabase(ProjectConfig.DEFAULT_ENVIRONMENT)
                .filter(database -> needsInClusterPostgres(stack, config))
                .ifPresent(database -> withDatabase(objects, databaseSettings(settings, stack, directory, database)));
        return objects;
    }

    /** Whether the app needs a PostgreSQL server and {@code hivemind.yaml} gives it no {@code DATABASE_URL}. */
    private static boolean needsInClusterPostgres(TechStack stack, ProjectConfig config) {
        return stack.databaseNeedsServer() && stack.databaseType().orElseThrow().equals("postgresql")
                && !config.env().containsKey("DATABASE_URL");
    }

    /** The database's settings; its Jobs are named after the image's digest, so each image gets its own. */
    private DatabaseSettings databaseSettings(ManifestSettings settings, TechStack stack, Path directory,
            ProjectFile.InClusterDatabase database) {
        String digest = image.substring(image.indexOf("@sha256:") + "@sha256:".length(),
                image.indexOf("@sha256:") + "@sha256:".length() + 12);
        return new DatabaseSettings(settings, digest, new DatabaseSettings.Database.InCluster(
                stack.databaseVersion().orElse(DEFAULT_POSTGRES), stack.databaseName()
                        .orElse(settings.app().replace('-', '_')), database.storage()), stack.startCommand(),
                Optional.of(directory), stack.migrateCommand().stream().toList(), Optional.empty());
    }

    /**
     * The app's objects with its database's, in the order they are applied: the namespace and service account, the
     * database's Secret (a password generated now) and objects, the backup and migration Jobs, then the app's
     * Deployment, which reads the database's variables from the Secret, and the rest.
     */
    private static void withDatabase(List<ObjectNode> objects, DatabaseSettings database) {
        DatabaseManifests.connect(objects.get(2), database);
        List<ObjectNode> before = new ArrayList<>();
        before.add(DatabaseManifests.secret(database, DatabasePassword.generate()));
        before.addAll(DatabaseManifests.of(database));
        before.addAll(DatabaseManifests.jobs(database));
        objects.addAll(2, before);
    }

    private void write(Path directory, List<ObjectNode> objects) {
        Path folder = invocation.workingDirectory().resolve(directory);
        try {
            Files.createDirectories(folder);
            for (int index = 0; index < objects.size(); index++) {
                ObjectNode object = objects.get(index);
                Path file = folder.resolve(String.format(Locale.ROOT, "%02d-%s-%s.yaml", index + 1,
                        object.get("kind").asText().toLowerCase(Locale.ROOT), object.at("/metadata/name").asText()));
                Files.writeString(file, ManifestYaml.document(object));
                invocation.err().println("wrote " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifests into " + folder, e);
        }
    }
}
