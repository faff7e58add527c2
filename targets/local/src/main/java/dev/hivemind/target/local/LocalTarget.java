package dev.hivemind.target.local;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.FixedPort;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.Progress;
import dev.hivemind.api.Resource;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.Target;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.runtime.agent.AgentLauncher;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.BackingService;
import dev.hivemind.runtime.client.ReleaseState;
import dev.hivemind.runtime.client.ReleaseView;
import dev.hivemind.runtime.supervisor.NetworkNamespace;
import dev.hivemind.target.database.JavaDatabaseVariables;
import dev.hivemind.target.release.FileModes;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import dev.hivemind.target.release.ReleaseRegistry;
import dev.hivemind.target.rollout.AgentTrafficControl;
import dev.hivemind.target.rollout.Hold;
import dev.hivemind.target.rollout.PortPlacement;
import dev.hivemind.target.rollout.ReleaseRollout;
import dev.hivemind.target.rollout.TrafficControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Runs apps on this machine under the HiveMind host agent, each behind its own edge proxy. */
public final class LocalTarget implements Target {
    public static final String NAME = "local";
    static final String PUBLIC_PORT = "public_port";
    static final String BIND_ADDRESS = "bind_address";
    static final String TLS = "tls";
    private static final Duration AGENT_START_TIMEOUT = Duration.ofSeconds(30);

    private final HivemindHome home;
    private final List<String> agentCommand;
    private final AgentClient agent;
    private final LocalPostgres postgres;

    public LocalTarget(HivemindHome home, List<String> agentCommand) {
        this.home = home;
        this.agentCommand = List.copyOf(agentCommand);
        this.agent = AgentClient.connect(home);
        this.postgres = new LocalPostgres(home);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PreflightCheck> preflight(DeployRequest request, String app) {
        String bind = bindAddress(request);
        Optional<Integer> current = runningApp(app).map(AppView::publicPort);
        PortAllocator.Choice choice = PortAllocator.choose(request.requestedPort(), current, portsOfOtherApps(app),
                bind);
        PreflightCheck portCheck = switch (choice) {
            case PortAllocator.Choice.Chosen chosen -> new PreflightCheck("public-port", true, true, "port "
                    + chosen.port() + " on " + bind + " is free for " + app, "Pass --port with a free port");
            case PortAllocator.Choice.Refused refused -> new PreflightCheck("public-port", false, true,
                    refused.problem(), refused.remedy());
        };
        boolean setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));
        PreflightCheck setsidCheck = new PreflightCheck("setsid", setsid, true,
                setsid ? "setsid is present (instances get their own process group)" : "setsid is missing",
                "apt-get install util-linux");
        return List.of(portCheck, setsidCheck);
    }

    @Override
    public Infrastructure provision(ProvisionRequest request, Progress progress) {
        Path appDirectory = FileModes.privateDirectory(home.app(request.app()));
        ensureAgent(progress);
        String bind = bindAddress(request.request());
        Optional<Integer> current = agent.app(request.app()).map(AppView::publicPort);
        int port = switch (PortAllocator.choose(request.request().requestedPort(), current,
                portsOfOtherApps(request.app()), bind)) {
            case PortAllocator.Choice.Chosen chosen -> chosen.port();
            case PortAllocator.Choice.Refused refused -> throw new InfrastructureException(Agent.PROVISIONER,
                    refused.problem(), "Reserving the app's public port", refused.remedy());
        };
        boolean tls = request.request().tls();
        Optional<String> serving = agent.app(request.app()).flatMap(AppView::activeRelease);
        agent.ensureApp(request.app(), port, bind, tls);
        progress.line("edge proxy of " + request.app() + " listens on " + bind + ":" + port
                + (tls ? " (HTTPS, certificate " + home.tlsCertificate() + ")" : ""));
        Map<String, String> properties = new TreeMap<>(Map.of(PUBLIC_PORT, String.valueOf(port), BIND_ADDRESS, bind,
                "agent_socket", home.agentSocket().toString(), "app_directory", appDirectory.toString(),
                TLS, String.valueOf(tls)));
        List<Resource> resources = new ArrayList<>(List.of(
                new Resource("port", bind + ":" + port, "public port of the edge proxy"),
                new Resource("directory", appDirectory.toString(), "the app's releases and lock"),
                new Resource("proxy", request.app(), "edge reverse proxy run by the host agent")));
        serving.ifPresent(release -> properties.put(Infrastructure.SERVING_RELEASE, release));
        if (tls) {
            properties.put(Infrastructure.TLS_CERTIFICATE, home.tlsCertificate().toString());
            resources.add(new Resource("certificate", home.tlsCertificate().toString(),
                    "self-signed host certificate of the HTTPS proxy (key beside it, 0600)"));
        }
        return new Infrastructure(NAME, properties, resources);
    }

    @Override
    public DeploymentConfig deploy(ReleaseSpec release, Progress progress) {
        ensureAgent(progress);
        Release record = Release.of(release, Instant.now()).withFixedPort(release.fixedPort()
                .or(() -> PortPlacement.observed(runningApp(release.app()))));
        PortPlacement placement = PortPlacement.forRelease(release.app(), release.releaseId(), record.fixedPort(),
                release.strategy(), release.rollout().replicas(), NetworkNamespace.unsupportedBecause(),
                withDatabaseUrl(release.app(), record).environment());
        placement.describe(release.strategy()).ifPresent(progress::line);
        record = record.withNetwork(placement.network());
        Release started = withDatabaseUrl(release.app(), record);
        Strategy strategy = placement instanceof PortPlacement.OneAtATime ? Strategy.RECREATE : release.strategy();
        ReleaseRollout.Outcome outcome = rollout(release.app()).roll(release.app(), started, strategy,
                release.rollout(), release.resume(), progress);
        new ReleaseRegistry(home.app(release.app())).record(record);
        int publicPort = Integer.parseInt(release.infrastructure().properties().get(PUBLIC_PORT));
        Map<String, String> redacted = started.environment().keySet().stream()
                .collect(Collectors.toMap(name -> name, name -> "[redacted]", (a, b) -> a, TreeMap::new));
        return new DeploymentConfig(publicPort, outcome.instance().port(), release.healthPath(), release.app(),
                "running", release.releaseId(), redacted, outcome.instance().logPath(), outcome.instance().pid());
    }

    @Override
    public Optional<String> fixedPortPlan(String app, FixedPort fixed, Strategy strategy, int replicas) {
        Map<String, String> database = postgres.url(app).map(url -> Map.of("DATABASE_URL", url)).orElse(Map.of());
        return PortPlacement.choose(Optional.of(fixed), strategy, replicas, NetworkNamespace.unsupportedBecause(),
                database).describe(strategy);
    }

    /** A private PostgreSQL cluster under the app's directory ({@link LocalPostgres}). */
    @Override
    public DatabaseInfo provisionDatabase(DatabaseRequest request, Progress progress) {
        if (!request.engine().equals(LocalPostgres.ENGINE)) {
            return Target.super.provisionDatabase(request, progress);
        }
        DatabaseInfo info = postgres.ensure(request, progress);
        recordDatabaseService(request.app(), progress);
        progress.line("the host agent starts PostgreSQL of " + request.app() + " before its instances whenever it "
                + "starts (after a reboot, say)");
        return info;
    }

    /** How long a started release may take to open its first connection to the app's PostgreSQL. */
    static final Duration CONNECTION_WAIT = Duration.ofSeconds(10);

    @Override
    public Optional<Boolean> appConnected(String app, DatabaseInfo database, Instant since) {
        if (!database.provisioned()) {
            return Optional.empty();
        }
        return postgres.connectedSince(app, since, CONNECTION_WAIT);
    }

    @Override
    public void migrate(Migration migration, Consumer<String> onBackup, Progress progress) {
        new LocalMigration(postgres).run(migration, onBackup, progress);
        recordDatabaseService(migration.app(), progress); // the backup may have started the cluster on another port
    }

    /** Has the agent bring the app's cluster up, on its current port, before the app's instances on every start. */
    private void recordDatabaseService(String app, Progress progress) {
        Optional<BackingService> service = postgres.service(app);
        if (service.isPresent()) {
            ensureAgent(progress);
            agent.setServices(app, List.of(service.get()));
        }
    }

    @Override
    public List<String> purgeData(String app, Progress progress) {
        return postgres.purge(app, progress);
    }

    @Override
    public SecurityConfig harden(String app, DeploymentConfig config, Infrastructure infrastructure) {
        int publicPort = Integer.parseInt(infrastructure.properties().get(PUBLIC_PORT));
        return new LocalHardening(home, new ListenerAudit(Path.of("/proc")))
                .harden(app, config, publicPort, infrastructure.properties().get(BIND_ADDRESS), tls(infrastructure));
    }

    /** The user's own machine: nothing to pay for. */
    @Override
    public double estimatedCostPerMonth(Infrastructure infrastructure) {
        return 0.0;
    }

    @Override
    public String publicUrl(Infrastructure infrastructure) {
        return (tls(infrastructure) ? "https" : "http") + "://127.0.0.1:" + infrastructure.properties().get(PUBLIC_PORT);
    }

    private static boolean tls(Infrastructure infrastructure) {
        return Boolean.parseBoolean(infrastructure.properties().get(TLS));
    }

    @Override
    public RollbackResult rollback(String app, Optional<String> release, Progress progress) {
        ensureAgent(progress);
        Optional<AppView> running = runningApp(app);
        String active = running.flatMap(AppView::activeRelease).orElseThrow(() -> nothingServes(app, running));
        ReleaseRegistry registry = new ReleaseRegistry(home.app(app));
        Release target = release.map(id -> registry.find(id).filter(Release::artifactPresent)
                        .orElseThrow(() -> noSuchRelease(app, id)))
                .or(() -> registry.before(active))
                .orElseThrow(() -> new InvalidInputException(Agent.DEPLOYER,
                        "app " + app + " has no earlier release to roll back to", "Rolling back " + app,
                        "Deploy another release first; hivemind history " + app + " lists the releases"));
        int replicas = Math.max(1, traffic(app).readyReplicas(app, active));
        PortPlacement placement = PortPlacement.forRelease(app, target.releaseId(), target.fixedPort(),
                Strategy.BLUE_GREEN, replicas, NetworkNamespace.unsupportedBecause(),
                withDatabaseUrl(app, target).environment());
        placement.describe(Strategy.BLUE_GREEN).ifPresent(progress::line);
        ReleaseRollout.Outcome outcome = rollout(app).rollBack(app,
                withDatabaseUrl(app, target.withNetwork(placement.network())),
                RolloutPolicy.defaults().withReplicas(replicas),
                placement instanceof PortPlacement.OneAtATime ? Strategy.RECREATE : Strategy.BLUE_GREEN, progress);
        registry.record(target.deployedAt(Instant.now()));
        return new RollbackResult(active, target.releaseId(), outcome.switchTime());
    }

    @Override
    public void abortRollout(String app, String releaseId, String reason, Progress progress) {
        ensureAgent(progress);
        Optional<AppView> view = agent.app(app);
        Optional<String> stable = view.flatMap(AppView::activeRelease).filter(id -> !id.equals(releaseId));
        if (view.flatMap(running -> running.release(releaseId)).isEmpty() || stable.isEmpty()) {
            progress.line("release " + releaseId + " of " + app + " no longer runs beside a stable release");
            return;
        }
        agent.setWeights(app, Map.of(stable.get(), 100));
        agent.stopRelease(app, releaseId);
        progress.line("all traffic of " + app + " is back on " + stable.get() + "; release " + releaseId
                + " is stopped (" + reason + ")");
    }

    @Override
    public void destroy(String app, Progress progress) {
        // A stopped agent would bring the app back from its desired state on its next start: start it to forget it.
        ensureAgent(progress);
        Optional<AppView> view = agent.app(app);
        if (view.isEmpty()) {
            progress.line("the host agent runs nothing of " + app);
        } else {
            agent.removeApp(app);
            progress.line("stopped " + view.get().instances().size() + " instance(s) of " + app + " and closed port "
                    + view.get().publicPort());
        }
        if (postgres.stop(app, progress)) {
            progress.line("stopped the PostgreSQL of " + app + "; its data stays in "
                    + postgres.dataDirectory(app).orElseThrow());
        }
    }

    /**
     * Stops the PostgreSQL of every app of {@code home} that has one, keeping its data ({@code hivemind agent stop}:
     * the agent starts them again before the apps' instances when it starts); gives the apps whose server it stopped.
     */
    public static List<String> stopDatabases(HivemindHome home, Progress progress) {
        LocalPostgres postgres = new LocalPostgres(home);
        List<String> stopped = new ArrayList<>();
        try (var apps = Files.list(home.apps())) {
            for (Path directory : apps.sorted().toList()) {
                String app = directory.getFileName().toString();
                if (postgres.stop(app, progress)) {
                    stopped.add(app);
                }
            }
        } catch (java.io.IOException noApps) {
            return stopped; // no apps directory: nothing was ever deployed here
        }
        return stopped;
    }

    /**
     * The release with the {@code DATABASE_URL} of the app's private database added when it is started (not to its
     * record, so a rollback gets the database's current port), unless the user gave one; a Java app also gets the
     * JDBC and Spring variables and its {@code postgres} profile ({@link JavaDatabaseVariables}).
     */
    private Release withDatabaseUrl(String app, Release release) {
        if (release.environment().containsKey("DATABASE_URL")) {
            return release;
        }
        return postgres.url(app).map(url -> release.withEnvironment(databaseVariables(release, url)))
                .orElse(release);
    }

    /** {@code DATABASE_URL}, and for a Java app what Java apps read ({@link JavaDatabaseVariables}), unless set. */
    private static Map<String, String> databaseVariables(Release release, String url) {
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        variables.put("DATABASE_URL", url);
        JavaDatabaseVariables.of(release.startCommand(), Path.of(release.artifact()), url)
                .forEach((name, value) -> {
                    if (!release.environment().containsKey(name)) {
                        variables.put(name, value);
                    }
                });
        return variables;
    }

    @Override
    public List<String> plan(ProvisionRequest request) {
        String bind = bindAddress(request.request());
        String port = request.request().requestedPort().map(String::valueOf).orElse("8080 or the next free port");
        return List.of("start the HiveMind host agent if it is not running (socket " + home.agentSocket() + ")",
                "reserve " + bind + ":" + port + " for the edge proxy of " + request.app()
                        + (request.request().tls() ? ", serving HTTPS with the self-signed host certificate "
                        + home.tlsCertificate() + " and redirecting plain HTTP" : ""),
                "start " + request.request().rollout().replicas() + " instance(s) of release " + request.deploymentId()
                        + " on free loopback ports and probe their health path",
                "move the traffic of " + request.app() + " to " + request.deploymentId() + " ("
                        + request.request().strategy() + "), then drain and stop the previous release");
    }

    private TrafficControl traffic(String app) {
        ReleaseRegistry registry = new ReleaseRegistry(home.app(app));
        return new AgentTrafficControl(agent, registry::find);
    }

    private ReleaseRollout rollout(String app) {
        return new ReleaseRollout(agent, traffic(app), Hold.SLEEP);
    }

    private void ensureAgent(Progress progress) {
        if (!agent.isRunning()) {
            progress.line("starting the HiveMind host agent");
            AgentLauncher.ensureSupervised(home, agentCommand, AGENT_START_TIMEOUT);
        }
    }

    private Optional<AppView> runningApp(String app) {
        return agent.isRunning() ? agent.app(app) : Optional.empty();
    }

    /** The public port of every other app of the agent, with the app holding it. */
    private Map<Integer, String> portsOfOtherApps(String app) {
        if (!agent.isRunning()) {
            return Map.of();
        }
        return agent.status().apps().stream().filter(other -> !other.equals(app))
                .flatMap(other -> agent.app(other).stream())
                .collect(Collectors.toMap(AppView::publicPort, AppView::app, (first, second) -> first));
    }

    private static String bindAddress(DeployRequest request) {
        return request.publicBind() ? "0.0.0.0" : "127.0.0.1";
    }

    /** No release serves: said with the release an interrupted deployment left running without traffic, if any. */
    private static InvalidInputException nothingServes(String app, Optional<AppView> running) {
        Optional<String> unfinished = running.stream().flatMap(view -> view.releases().stream())
                .filter(release -> release.readyCount() > 0 || release.state() == ReleaseState.STARTING)
                .map(ReleaseView::releaseId).findFirst();
        return unfinished.map(release -> new InvalidInputException(Agent.DEPLOYER, "app " + app + " has no release "
                        + "serving on this machine; release " + release + " runs without traffic (its deployment did "
                        + "not finish)", "Rolling back " + app, "Finish that deployment: hivemind resume " + release))
                .orElseGet(() -> new InvalidInputException(Agent.DEPLOYER, "app " + app + " has no release serving on "
                        + "this machine", "Rolling back " + app,
                        "Deploy it first: hivemind deploy SOURCE --app " + app));
    }

    private static InvalidInputException noSuchRelease(String app, String release) {
        return new InvalidInputException(Agent.DEPLOYER, "app " + app + " has no release " + release
                + " whose artifact is still on disk", "Rolling back " + app,
                "hivemind history " + app + " lists the releases you can roll back to");
    }
}
