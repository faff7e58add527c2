package dev.hivemind.cli.command;

import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.analyzer.config.ProjectFile;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.Target;
import dev.hivemind.api.remote.HostSelection;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.cli.DurationConverter;
import dev.hivemind.cli.GatePrompt;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.OutputFormat;
import dev.hivemind.cli.ProgressPrinter;
import dev.hivemind.cli.RunReporter;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.WritesHome;
import dev.hivemind.engine.RunRange;
import dev.hivemind.engine.state.DeploymentIds;
import dev.hivemind.engine.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hivemind deploy SOURCE}: analyse, build, provision, deploy, harden, validate and report. */
@Command(name = "deploy", description = "Deploy an app from a local directory or a git URL.")
public final class DeployCommand implements Callable<Integer>, WritesHome {
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final int MAX_REPLICAS = 64;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A local directory or a git URL "
            + "(https://, http://, ssh://, git://, file://, user@host:path).")
    String source;

    @Option(names = "--app", paramLabel = "NAME", description = "The app's name (default: from the source's name).")
    Optional<String> app;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Where to run it: local, ssh, aws or kubernetes (default: hivemind.yaml's target, else "
                    + "local).")
    Optional<String> target = Optional.empty();

    @Mixin
    HostOptions hostOptions = new HostOptions();

    @Mixin
    CloudOptions cloudOptions = new CloudOptions();

    @Mixin
    ClusterOptions clusterOptions = new ClusterOptions();

    @Option(names = "--strategy", paramLabel = "STRATEGY",
            description = "blue-green, recreate, canary or rolling (default: hivemind.yaml's strategy, else blue-green).")
    Optional<String> strategy;

    @Option(names = "--replicas", paramLabel = "N",
            description = "Instances of the release, balanced by the proxy (default: hivemind.yaml's replicas, else 1).")
    Optional<Integer> replicas;

    @Option(names = "--environment", paramLabel = "ENV", defaultValue = ProjectConfig.DEFAULT_ENVIRONMENT,
            description = "dev (default), test, staging or prod: the hivemind.yaml overlay to apply.")
    String environmentName;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "An environment variable for the app (repeatable).")
    List<String> environment = List.of();

    @Option(names = "--port", paramLabel = "N", description = "The public port (default: 8080 or the next free one).")
    Optional<Integer> port;

    @Option(names = "--public", description = "Listen on every interface instead of 127.0.0.1.")
    boolean publicBind;

    @Option(names = "--tls", description = "Serve HTTPS on the public port with a self-signed certificate for this host"
            + " and redirect plain HTTP to it (default: hivemind.yaml's tls, else off).")
    boolean tls;

    @Option(names = "--health-path", paramLabel = "PATH",
            description = "The path the startup probe requests (default: hivemind.yaml's probes.startup or health, "
                    + "else the one the code declares, else /).")
    Optional<String> healthPath;

    @Option(names = "--health-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between startup probes (default: hivemind.yaml's probes.startup or health, else 1s).")
    Optional<Duration> healthInterval;

    @Option(names = "--health-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long one probe may take (default: hivemind.yaml's probes.startup or health, else 5s).")
    Optional<Duration> healthTimeout;

    @Option(names = "--health-threshold", paramLabel = "N",
            description = "Consecutive passing probes that make a release healthy (default: "
                    + "hivemind.yaml's probes.startup or health, else 3).")
    Optional<Integer> healthThreshold;

    @Option(names = "--startup-deadline", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a new release may take to become healthy (default: "
                    + "hivemind.yaml's probes.startup or health, else 60s).")
    Optional<Duration> startupDeadline;

    @Option(names = "--from", paramLabel = "STAGE", description = "Only with a new deployment: must be init.")
    Optional<String> from;

    @Option(names = "--until", paramLabel = "STAGE", description = "Stop after this stage; continue with 'hivemind resume ID'.")
    Optional<String> until;

    @Option(names = "--app-dir", paramLabel = "DIR",
            description = "The sub-directory of the repository that holds the app (for monorepos).")
    Optional<String> appDir;

    @Option(names = "--fresh-start", description = "Clone and build from scratch, ignoring the caches.")
    boolean freshStart;

    @Option(names = "--skip-preflight", description = "Do not check prerequisites before starting.")
    boolean skipPreflight;

    @Option(names = "--gate", paramLabel = "STAGE",
            description = "Wait for approval before this stage (repeatable; replaces hivemind.yaml's gates and the "
                    + "environment's defaults; --gate none: no gate).")
    List<String> gates = List.of();

    @Option(names = "--approve-each", description = "Wait for approval before every stage after init.")
    boolean approveEach;

    @Option(names = "--gate-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Reject a gate nobody approved within this time (default: wait until decided).")
    Optional<Duration> gateTimeout;

    @Option(names = "--auto-approve", description = "Pass every approval gate without asking.")
    boolean autoApprove;

    @Option(names = "--description", paramLabel = "TEXT", defaultValue = "", description = "A note kept with the deployment.")
    String description;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    DeployCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        SourceLocation location = SourceLocation.parse(source, invocation.workingDirectory());
        validateEnvironment();
        List<StageName> explicitGates = gates.stream().filter(name -> !name.equals("none"))
                .map(DeployCommand::stage).toList();
        Map<String, String> commandLineValues = environmentValues();
        validatePort();
        HealthCheck.Settings commandLineHealth = healthSettings();
        validateReplicas();
        RunRange range = new RunRange(from.map(DeployCommand::stage), until.map(DeployCommand::stage));
        Wiring wiring = new Wiring(invocation);
        ProjectSettings settings = ProjectSettings.read(invocation, wiring, location, appDir,
                environmentName);
        ProjectConfig config = settings.config();
        Strategy chosen = strategy(config);
        List<StageName> gated = gatedStages(explicitGates, settings.gates());
        String appName = app.or(config::app).map(DeployCommand::appName).orElseGet(() -> derivedAppName(location));
        Map<String, String> values = new LinkedHashMap<>(settings.values());
        values.putAll(commandLineValues);
        String targetName = target.or(() -> settings.remote().target()).orElse("local");
        HostSelection hosts = hostOptions.selection(targetName, settings.remote());
        var cloud = cloudOptions.settings(targetName, settings.cloud());
        var cluster = clusterOptions.settings(targetName, cloudOptions.domain(), settings.image());
        Target chosenTarget = wiring.target(targetName);
        boolean https = tls || settings.tls();
        RolloutPolicy rollout = replicas.map(settings.rollout()::withReplicas).orElse(settings.rollout());
        HealthCheck health = commandLineHealth.over(settings.startup()).resolve();
        DeployRequest request = new DeployRequest(location.display(), appDir, chosen, port, publicBind, health,
                freshStart, environmentName, gated, gateTimeout, https, rollout, hosts, cloud, cluster);
        StateStore store = wiring.store();
        String id = new DeploymentIds(Clock.systemUTC()).next();
        DeploymentState initial = DeploymentState.initial(id, appName, chosenTarget.name(), description, request,
                Instant.now());
        var conductor = wiring.conductor(chosenTarget, new ProgressPrinter(invocation),
                GatePrompt.choose(invocation, autoApprove));
        invocation.err().println("Deploying " + appName + " from " + location.display() + " to " + environmentName
                + " as " + id);
        return new RunReporter(invocation, output).run(id, store,
                () -> conductor.start(initial, values, range, skipPreflight));
    }

    /**
     * --approve-each: every stage; else --gate (--gate none: no gate); else hivemind.yaml's gates for the environment;
     * else the environment's defaults (before provision and deploy for prod, none elsewhere).
     */
    private List<StageName> gatedStages(List<StageName> explicit, Optional<List<StageName>> configured) {
        List<StageName> stages = new ArrayList<>(gates.isEmpty()
                ? configured.orElseGet(() -> ProjectFile.defaultGates(environmentName)) : explicit);
        if (approveEach) {
            stages.addAll(EnumSet.complementOf(EnumSet.of(StageName.INIT)));
        }
        if (stages.contains(StageName.INIT)) {
            throw invalid("init cannot be gated: a deployment waits only once it exists",
                    "Gate a later stage, e.g. --gate provision");
        }
        if (gates.contains("none") && !explicit.isEmpty()) {
            throw invalid("--gate none cannot be combined with --gate " + explicit.get(0),
                    "Pass --gate none for no gate, or the stages to gate");
        }
        return List.copyOf(EnumSet.copyOf(stages.isEmpty() ? EnumSet.noneOf(StageName.class) : stages));
    }

    private void validateEnvironment() {
        if (!ProjectConfig.ENVIRONMENTS.contains(environmentName)) {
            throw invalid("unknown environment '" + environmentName + "'",
                    "Use --environment " + String.join(", ", ProjectConfig.ENVIRONMENTS));
        }
    }

    /** --strategy, else hivemind.yaml's strategy, else blue-green. */
    private Strategy strategy(ProjectConfig config) {
        if (strategy.isPresent()) {
            return Strategy.parse(strategy.get()).orElseThrow(() -> invalid("unknown strategy '" + strategy.get()
                    + "'", "Use --strategy blue-green, recreate, canary or rolling"));
        }
        return config.strategy().map(name -> Strategy.parse(name).orElseThrow(() -> new InvalidInputException(
                Agent.CONDUCTOR, ProjectConfig.FILE + " asks for the unknown strategy " + name, "Reading "
                + ProjectConfig.FILE + " for the " + environmentName + " environment", "Set strategy to blue-green, "
                + "recreate, canary or rolling in " + ProjectConfig.FILE + ", or pass --strategy")))
                .orElse(Strategy.BLUE_GREEN);
    }

    /** hivemind.yaml's rollout keys (from a local directory) with --replicas over its replicas. */
    private void validateReplicas() {
        replicas.filter(n -> n < 1 || n > MAX_REPLICAS).ifPresent(n -> {
            throw invalid("--replicas " + n + " is not between 1 and " + MAX_REPLICAS,
                    "Pass a number of instances from 1 to " + MAX_REPLICAS);
        });
    }

    /** {@code name} when it is a valid app name (a DNS label: also a Kubernetes object's name). */
    static String appName(String name) {
        if (!APP_NAME.matcher(name).matches()) {
            throw invalid("'" + name + "' is not a valid app name",
                    "Use lower-case letters, digits and dashes, starting with a letter or digit (at most 63)");
        }
        return name;
    }

    /** The app's name from the source's name, when neither --app nor hivemind.yaml gives one. */
    static String derivedAppName(SourceLocation location) {
        String derived = location.suggestedAppName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+|-+$", "");
        if (!APP_NAME.matcher(derived).matches()) {
            throw invalid("cannot derive an app name from '" + location.display() + "'", "Pass --app NAME");
        }
        return derived;
    }

    private Map<String, String> environmentValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : environment) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (equals < 0 || !ENV_NAME.matcher(name).matches()) {
                throw invalid("--env '" + pair + "' is not KEY=VALUE with a valid variable name",
                        "Write it as --env NAME=value, e.g. --env APP_VERSION=v2");
            }
            if (name.equals("PORT") || name.equals("HOST")) {
                throw invalid("--env " + name + " is set by HiveMind for each instance", "Use --port for the public port");
            }
            values.put(name, pair.substring(equals + 1));
        }
        return values;
    }

    /** The startup probe's fields the --health-* and --startup-deadline options set; they win over hivemind.yaml. */
    private HealthCheck.Settings healthSettings() {
        healthPath.filter(path -> !path.startsWith("/")).ifPresent(path -> {
            throw invalid("--health-path '" + path + "' does not start with '/'", "Write it as --health-path /health");
        });
        healthThreshold.filter(n -> n < 1).ifPresent(n -> {
            throw invalid("--health-threshold " + n + " is below 1", "Pass a number of probes of 1 or more");
        });
        return new HealthCheck.Settings(healthPath, healthInterval, healthTimeout, healthThreshold, startupDeadline);
    }

    private void validatePort() {
        port.filter(p -> p < 1 || p > 65535).ifPresent(p -> {
            throw invalid("--port " + p + " is not a TCP port", "Pass a port between 1 and 65535");
        });
    }

    static StageName stage(String text) {
        return StageName.parse(text).orElseThrow(() -> invalid("unknown stage '" + text + "'",
                "Run 'hivemind steps' to list the stages"));
    }

    static InvalidInputException invalid(String message, String remediation) {
        return new InvalidInputException(Agent.CONDUCTOR, message, "Reading the command line", remediation);
    }
}
