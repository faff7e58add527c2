package dev.hivemind.target.kubernetes;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.FixedPort;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.Resource;
import dev.hivemind.api.Progress;
import dev.hivemind.api.SecretMask;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.Target;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.remote.ClusterSettings;
import dev.hivemind.api.remote.HostStatus;
import dev.hivemind.api.rollout.ResourceLimits;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.target.kubernetes.harden.PodSecurityCheck;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import dev.hivemind.target.kubernetes.manifest.DatabaseManifests;
import dev.hivemind.target.kubernetes.manifest.DatabaseSettings;
import dev.hivemind.target.kubernetes.manifest.ManifestSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Deploys to a Kubernetes cluster ({@code --target kubernetes}) with the user's kubeconfig: provision checks the
 * cluster answers and records where the app goes ({@link ClusterLedger}); deploy makes an OCI image of the release
 * and pushes it ({@link ImagePublisher}), applies the app's objects ({@link AppManifests}, {@link ObjectApplier}) and
 * rolls the release out with the strategy asked for ({@link Rollouts}, {@link CanaryRollout}); rollback runs an
 * earlier image again; destroy deletes everything labelled as the app's and checks nothing is left.
 */
public final class KubernetesTarget implements Target {
    public static final String NAME = "kubernetes";
    static final String CONTEXT = "context";
    static final String NAMESPACE = "namespace";
    static final String SERVER = "server";
    static final String APP = "app";
    static final String LANGUAGE = "language";
    static final String RUNTIME = "runtime_version";
    static final String PORT = "port";
    static final String DOMAIN = "domain";
    static final String ISSUER = "tls_issuer";
    private static final int DEFAULT_PORT = 8080;
    static final String DATABASE = "database";
    static final String DATABASE_NAME = "database_name";
    static final String DATABASE_VERSION = "database_version";
    static final String MIGRATE = "migrate";
    static final String START = "start_command";
    static final String DEFAULT_POSTGRES = "17";
    /** The port of the app's Service (AppManifests' {@code http} port). */
    static final int SERVICE_PORT = 80;

    private final HivemindHome home;
    private final ClusterAccess access;
    private final Map<String, String> environment;
    private final ImagePublisher images;
    private final Timing timing;
    private KubernetesClient client;
    /** The images pushed in this run by release, so a migration's image is the rollout's. */
    private final Map<String, String> pushed = new java.util.HashMap<>();
    /** The releases whose database Jobs ran in this run (a migration runs them before the rollout). */
    private final java.util.Set<String> jobsRun = new java.util.HashSet<>();

    public KubernetesTarget(HivemindHome home, ClusterAccess access, Map<String, String> environment) {
        this(home, access, environment, ImagePublisher.jib(environment, home), Timing.real());
    }

    KubernetesTarget(HivemindHome home, ClusterAccess access, Map<String, String> environment, ImagePublisher images,
                     Timing timing) {
        this.home = home;
        this.access = access;
        this.environment = Map.copyOf(environment);
        this.images = images;
        this.timing = timing;
    }

    /** The clock, the sleeper and the patience of rollouts and of destroy's leak check. */
    record Timing(Clock clock, RolloutWait.Pause pause, Duration poll, Duration leakPatience) {
        static Timing real() {
            return new Timing(Clock.systemUTC(), duration -> Thread.sleep(duration), Duration.ofSeconds(2),
                    Duration.ofMinutes(2));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PreflightCheck> preflight(DeployRequest request, String app) {
        ClusterSettings cluster = request.cluster();
        requireRegistry(cluster);
        KubernetesClient opened = client(cluster.context());
        String version = version(opened);
        return List.of(new PreflightCheck("kubernetes cluster", true, true, "Kubernetes " + version + " at "
                + opened.getMasterUrl() + cluster.context().map(context -> " (context " + context + ")")
                .orElse(""), ""));
    }

    @Override
    public List<String> plan(ProvisionRequest request) {
        ClusterSettings cluster = request.request().cluster();
        String namespace = cluster.namespace().orElse(request.app());
        List<String> lines = new ArrayList<>();
        lines.add("build an OCI image of the release and push it to " + cluster.registry().orElse("(no registry)"));
        lines.add("apply to namespace " + namespace + cluster.context().map(c -> " of context " + c).orElse("")
                + ": Namespace, ServiceAccount, Secret (the environment), PodDisruptionBudget, NetworkPolicy, "
                + "Service" + cluster.domain().map(domain -> ", Ingress for " + domain).orElse(""));
        lines.add("roll the release out " + request.request().strategy() + " with "
                + request.request().rollout().replicas() + " pod(s)");
        return lines;
    }

    @Override
    public Infrastructure provision(ProvisionRequest request, Progress progress) {
        ClusterSettings cluster = request.request().cluster();
        String registry = requireRegistry(cluster);
        KubernetesClient opened = client(cluster.context());
        String version = version(opened);
        String namespace = cluster.namespace().orElse(request.app());
        progress.line("cluster: Kubernetes " + version + " at " + opened.getMasterUrl() + ", namespace " + namespace);
        Map<String, String> properties = new TreeMap<>();
        cluster.context().ifPresent(context -> properties.put(CONTEXT, context));
        properties.put(NAMESPACE, namespace);
        properties.put(APP, request.app());
        properties.put(SERVER, opened.getMasterUrl().toString());
        properties.put("registry", registry);
        cluster.baseImage().ifPresent(base -> properties.put("image_base", base));
        properties.put("insecure_registry", Boolean.toString(cluster.insecureRegistry()));
        request.stack().ifPresent(stack -> {
            properties.put(LANGUAGE, stack.language());
            properties.put(RUNTIME, stack.runtimeVersion());
            properties.put(PORT, Integer.toString(stack.fixedPort().map(FixedPort::port).or(stack::port)
                    .orElse(DEFAULT_PORT)));
            stack.databaseType().ifPresent(type -> properties.put(DATABASE, type));
            properties.put(DATABASE_NAME, stack.databaseName().orElse(request.app().replace('-', '_')));
            properties.put(DATABASE_VERSION, stack.databaseVersion().orElse(DEFAULT_POSTGRES));
            stack.migrateCommand().ifPresent(command -> properties.put(MIGRATE, command));
            properties.put(START, stack.startCommand());
        });
        cluster.domain().ifPresent(domain -> properties.put(DOMAIN, domain));
        cluster.tlsIssuer().ifPresent(issuer -> properties.put(ISSUER, issuer));
        Optional<ClusterLedger> known = ClusterLedger.load(home, request.app());
        new ClusterLedger(request.app(), cluster.context(), namespace, registry, request.request().strategy()
                .toString(), properties, cluster.databaseStorage(), known.map(ClusterLedger::releases)
                .orElse(List.of()), known.flatMap(ClusterLedger::serving)).save(home);
        return new Infrastructure(NAME, properties, List.of(new Resource("namespace", namespace,
                "app.kubernetes.io/managed-by=hivemind")));
    }

    @Override
    public DeploymentConfig deploy(ReleaseSpec release, Progress progress) {
        ClusterLedger ledger = ledger(release.app());
        Map<String, String> properties = release.infrastructure().properties();
        String image = image(release.releaseId(), release.artifact(), release.startCommand(), properties, progress);
        KubernetesClient opened = client(ledger.context());
        ManifestSettings settings = settings(release, properties, ledger.namespace(), image);
        ObjectApplier applier = new ObjectApplier(opened, release.releaseId(), progress);
        Optional<String> secret = secretName(release.app(), release.releaseId(), release.environment());
        ReleaseImage next = new ReleaseImage(release.releaseId(), image, secret, memory(release.rollout().limits()));
        new SharedObjects(opened, applier, progress).apply(settings, secret.map(name -> Map.entry(name,
                release.environment())));
        Optional<DatabaseSettings> database = ClusterDatabase.settings(ledger, settings, release.releaseId(),
                release.startCommand(),
                release.artifact(), release.environment(), secret);
        // a canary continued after its approval ran its backup and migration before its first step
        release.resume().flatMap(paused -> database).ifPresent(chosen -> jobsRun.add(chosen.deploymentId()));
        database.ifPresent(chosen -> prepare(opened, applier, chosen, progress));
        RolloutPlan plan = new RolloutPlan(settings, next, ledger.current(), release.rollout(), rolloutTimeout(
                release), deployment -> database.map(chosen -> DatabaseManifests.connect(deployment, chosen))
                .orElse(deployment), release.resume());
        rollOut(opened, applier, release.strategy(), plan, progress);
        ledger.withServing(next, release.strategy().toString()).save(home);
        Map<String, String> names = new TreeMap<>();
        release.environment().keySet().forEach(name -> names.put(name, SecretMask.MASK));
        return new DeploymentConfig(80, settings.port(), settings.healthPath(), release.app(), "running",
                release.releaseId(), names, "pods of " + release.app() + " in namespace " + ledger.namespace()
                + " (hivemind logs " + release.app() + ")", Optional.empty());
    }

    private void rollOut(KubernetesClient opened, ObjectApplier applier, Strategy strategy, RolloutPlan plan,
                         Progress progress) {
        RolloutWait wait = new RolloutWait(opened, timing.clock(), timing.pause(), timing.poll());
        Rollouts rollouts = new Rollouts(opened, applier, wait, progress);
        switch (strategy) {
            case ROLLING, RECREATE -> rollouts.rolling(plan);
            case BLUE_GREEN -> rollouts.blueGreen(plan);
            case CANARY -> new CanaryRollout(rollouts, applier, wait, new TrafficProbe(opened, timing.clock(),
                    plan.settings().probeTimeout()), timing.pause(), Gateways.find(opened, plan.namespace()),
                    progress).run(plan);
        }
        java.util.Set<String> services = strategy == Strategy.CANARY ? java.util.Set.of(plan.app(), plan.app()
                + "-" + CanaryRollout.STABLE, plan.app() + "-" + CanaryRollout.CANARY) : java.util.Set.of(plan.app());
        java.util.Set<String> deployments = new java.util.HashSet<>(Rollouts.deploymentsOf(plan.app(), strategy));
        if (strategy == Strategy.CANARY) {
            deployments.add(plan.app() + "-" + CanaryRollout.CANARY);
        }
        rollouts.removeOthers(plan.namespace(), plan.app(), deployments, services);
    }

    private static ManifestSettings settings(ReleaseSpec release, Map<String, String> properties, String namespace,
                                             String image) {
        int port = release.fixedPort().map(FixedPort::port).orElseGet(() -> Integer.parseInt(properties
                .getOrDefault(PORT, Integer.toString(DEFAULT_PORT))));
        return new ManifestSettings(release.app(), namespace, image, port, release.healthPath(),
                release.health().interval(), release.health().timeout(), release.health().threshold(),
                release.health().startupDeadline(), release.rollout().replicas(),
                Optional.ofNullable(properties.get(DOMAIN)), Optional.ofNullable(properties.get(ISSUER)));
    }

    /** The Secret of the release's environment; none when it has no variables. */
    private static Optional<String> secretName(String app, String releaseId, Map<String, String> environment) {
        if (environment.isEmpty()) {
            return Optional.empty();
        }
        String digits = releaseId.replaceAll("[^0-9]", "");
        String suffix = digits.isEmpty() ? releaseId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "")
                : digits.substring(Math.max(0, digits.length() - 17));
        return Optional.of(app + "-env-" + suffix);
    }

    private String image(String releaseId, java.nio.file.Path artifact, String startCommand,
                         Map<String, String> build, Progress progress) {
        String image = pushed.computeIfAbsent(releaseId, id -> images.publish(id, artifact, startCommand, build,
                progress));
        progress.line("image " + image);
        return image;
    }

    /** The database ready and, once per release, the backup and migration Jobs run. */
    private String prepare(KubernetesClient opened, ObjectApplier applier, DatabaseSettings database,
                           Progress progress) {
        ClusterDatabase cluster = new ClusterDatabase(opened, applier, timing, progress);
        cluster.ensure(database, Duration.ofMinutes(5));
        String backup = DatabaseManifests.backupPath(database);
        if (jobsRun.add(database.deploymentId())) {
            backup = cluster.runJobs(database, Duration.ofMinutes(15));
        }
        return backup;
    }

    /**
     * A PostgreSQL in the cluster when {@code database: {in-cluster: true}} asked for it; it is made before the
     * rollout (the migration's or the deploy's), with the objects it needs from the release.
     */
    @Override
    public DatabaseInfo provisionDatabase(DatabaseRequest request, Progress progress) {
        ClusterLedger ledger = ledger(request.app());
        if (ledger.databaseStorage().isEmpty() || !request.engine().equals("postgresql")) {
            throw new InfrastructureException(Agent.PROVISIONER, request.app() + " needs a " + request.engine()
                    + " server and none was asked of the cluster", "Provisioning the database of " + request.app(),
                    "Set database: {in-cluster: true} in hivemind.yaml for a PostgreSQL in the cluster, or give "
                    + "yours: --env DATABASE_URL=...");
        }
        String name = request.name().orElse(ledger.build().getOrDefault(DATABASE_NAME, request.app()
                .replace('-', '_')));
        String version = request.version().orElse(ledger.build().getOrDefault(DATABASE_VERSION, DEFAULT_POSTGRES));
        progress.line("PostgreSQL " + version + " will run in the cluster as StatefulSet " + request.app()
                + "-postgres (" + ledger.databaseStorage().get() + "), made before the rollout");
        return new DatabaseInfo("postgresql", true, request.app() + "-postgres." + ledger.namespace()
                + ".svc", 5432, name, name, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(version));
    }

    /**
     * The migration as a Job in the release's image (built and pushed now; the rollout uses the same), after a
     * {@code pg_dump} backup Job; the app's shared objects and its environment's Secret are applied first.
     */
    @Override
    public void migrate(Migration migration, java.util.function.Consumer<String> onBackup, Progress progress) {
        ClusterLedger ledger = ledger(migration.app());
        String start = Optional.ofNullable(ledger.build().get(START)).orElseThrow(() -> new DeploymentException(
                Agent.DEPLOYER, "the start command of " + migration.app() + " was not recorded at provision",
                "Migrating the database of " + migration.app(), "Deploy again from the start: hivemind deploy"));
        String image = image(migration.releaseId(), migration.artifact(), start, ledger.build(), progress);
        KubernetesClient opened = client(ledger.context());
        ManifestSettings settings = new ManifestSettings(migration.app(), ledger.namespace(), image,
                Integer.parseInt(ledger.build().getOrDefault(PORT, Integer.toString(DEFAULT_PORT))), "/",
                Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofSeconds(60), 1,
                Optional.ofNullable(ledger.build().get(DOMAIN)), Optional.ofNullable(ledger.build().get(ISSUER)));
        ObjectApplier applier = new ObjectApplier(opened, migration.releaseId(), progress);
        Optional<String> secret = secretName(migration.app(), migration.releaseId(), migration.environment());
        new SharedObjects(opened, applier, progress).apply(settings, secret.map(name -> Map.entry(name,
                migration.environment())));
        Optional<DatabaseSettings> database = ClusterDatabase.settings(ledger, settings, migration.releaseId(), start,
                migration.artifact(), migration.environment(), secret).map(found -> new DatabaseSettings(
                found.app(), found.deploymentId(), found.database(), found.startCommand(), found.artifact(),
                List.of(migration.command()), found.environmentSecret()));
        if (database.isEmpty()) {
            throw new DeploymentException(Agent.DEPLOYER, migration.app() + " has a migration but no PostgreSQL "
                    + "on the cluster to run it against", "Migrating the database of " + migration.app(),
                    "Set database: {in-cluster: true} in hivemind.yaml, or give --env DATABASE_URL=...");
        }
        onBackup.accept(prepare(opened, applier, database.get(), progress));
    }

    static String memory(ResourceLimits limits) {
        return Math.max(16, limits.memoryBytes() / (1024 * 1024)) + "Mi";
    }

    /** A Deployment may take twice the startup deadline to roll out, at least two minutes. */
    private static Duration rolloutTimeout(ReleaseSpec release) {
        Duration twice = release.health().startupDeadline().multipliedBy(2);
        return twice.compareTo(Duration.ofMinutes(2)) < 0 ? Duration.ofMinutes(2) : twice;
    }

    @Override
    public SecurityConfig harden(String app, DeploymentConfig config, Infrastructure infrastructure) {
        ClusterLedger ledger = ledger(app);
        List<io.fabric8.kubernetes.api.model.HasMetadata> applied = new ClusterInventory(client(ledger.context()),
                ledger.namespace(), app).remaining().stream().filter(object -> !List.of("Pod", "ReplicaSet")
                .contains(object.getKind())).toList();
        Map<String, String> imageUsers = new TreeMap<>();
        ledger.releases().forEach(known -> imageUsers.put(known.image(), "65532"));
        Optional<String> issuer = Optional.ofNullable(infrastructure.properties().get(ISSUER));
        return PodSecurityCheck.score(applied, imageUsers).securityConfig(issuer.isPresent(), Optional.empty(),
                List.of(), List.of());
    }

    @Override
    public double estimatedCostPerMonth(Infrastructure infrastructure) {
        return 0;
    }

    @Override
    public String publicUrl(Infrastructure infrastructure) {
        Map<String, String> properties = infrastructure.properties();
        if (properties.containsKey(DOMAIN)) {
            return (properties.containsKey(ISSUER) ? "https://" : "http://") + properties.get(DOMAIN);
        }
        return properties.getOrDefault(SERVER, "https://kubernetes.default.svc/").replaceAll("/$", "")
                + "/api/v1/namespaces/" + properties.get(NAMESPACE) + "/services/http:"
                + properties.get(APP) + ":http/proxy";
    }

    /**
     * With {@code --domain} the app's Ingress; else a port-forward of the app's Service to this machine (as
     * {@code kubectl port-forward} makes), since the API server's proxy URL needs the kubeconfig's credentials.
     */
    @Override
    public Reach reach(String app, Infrastructure infrastructure, String publicUrl) {
        Map<String, String> properties = infrastructure.properties();
        if (properties.containsKey(DOMAIN)) {
            return Target.super.reach(app, infrastructure, publicUrl);
        }
        String namespace = properties.get(NAMESPACE);
        String service = properties.get(APP);
        LocalPortForward forward = client(Optional.ofNullable(properties.get(CONTEXT))).services()
                .inNamespace(namespace).withName(service).portForward(SERVICE_PORT);
        String url = "http://127.0.0.1:" + forward.getLocalPort();
        return new Reach(url, Optional.of("a port-forward of Service " + service + " (namespace " + namespace
                + ") to " + url), () -> closeQuietly(forward));
    }

    private static void closeQuietly(LocalPortForward forward) {
        try {
            forward.close();
        } catch (java.io.IOException ignored) {
            // the forward's listener is gone either way; nothing the validation depends on
        }
    }

    /** A canary paused for an approval and rejected: all traffic back on stable, the canary scaled to 0. */
    @Override
    public void abortRollout(String app, String releaseId, String reason, Progress progress) {
        ClusterLedger.load(home, app).ifPresentOrElse(ledger -> CanaryRollout.abortPaused(client(ledger.context()),
                ledger.namespace(), app, releaseId, progress), () -> progress.line("no cluster of " + app
                + " is recorded on this machine: nothing to abort"));
    }

    @Override
    public RollbackResult rollback(String app, Optional<String> release, Progress progress) {
        ClusterLedger ledger = ledger(app);
        ReleaseImage current = ledger.current().orElseThrow(() -> notDeployed(app));
        ReleaseImage target = release.map(id -> ledger.release(id).orElseThrow(() -> new InvalidInputException(
                Agent.DEPLOYER, "release " + id + " of " + app + " is not among the " + ledger.releases().size()
                + " kept for the cluster", "Rolling back " + app, "Pick one of " + ledger.releases().stream()
                .map(ReleaseImage::releaseId).toList()))).or(ledger::previous).orElseThrow(() ->
                new InvalidInputException(Agent.DEPLOYER, app + " has no release before " + current.releaseId(),
                        "Rolling back " + app, "Deploy again instead"));
        Instant start = timing.clock().instant();
        KubernetesClient opened = client(ledger.context());
        ObjectApplier applier = new ObjectApplier(opened, target.releaseId(), progress);
        Strategy strategy = Strategy.parse(ledger.strategy()).orElse(Strategy.ROLLING);
        new ClusterRollback(opened, applier, new RolloutWait(opened, timing.clock(), timing.pause(), timing.poll()),
                progress).run(ledger, strategy, target);
        ledger.withServing(target, ledger.strategy()).save(home);
        return new RollbackResult(current.releaseId(), target.releaseId(), Duration.between(start,
                timing.clock().instant()));
    }

    @Override
    public void destroy(String app, Progress progress) {
        Optional<ClusterLedger> ledger = ClusterLedger.load(home, app);
        if (ledger.isEmpty()) {
            progress.line("no cluster is recorded for " + app + " on this machine: nothing to remove");
            return;
        }
        String namespace = ledger.get().namespace();
        ClusterInventory inventory = new ClusterInventory(client(ledger.get().context()), namespace, app);
        int deleted = inventory.deleteAll(progress);
        List<String> left = inventory.leftovers(timing.leakPatience(), timing.clock(), timing.pause());
        if (!left.isEmpty()) {
            throw new InfrastructureException(Agent.PROVISIONER, left.size() + " object(s) labelled "
                    + "app.kubernetes.io/managed-by=hivemind,app.kubernetes.io/name=" + app + " are still in "
                    + "namespace " + namespace + " after the teardown: " + left, "Checking that nothing of " + app
                    + " is left on the cluster", "Run hivemind destroy " + app + " again; if they stay, see what "
                    + "holds them: kubectl -n " + namespace + " get all,secrets,pvc -l app.kubernetes.io/name=" + app);
        }
        progress.line("leak check: nothing labelled as " + app + "'s is left in namespace " + namespace + " ("
                + deleted + " object(s) deleted)");
        ClusterLedger.forget(home, app);
    }

    @Override
    public List<HostStatus> hostStatus(String app) {
        return ClusterLedger.load(home, app).map(ledger -> status(ledger).rows()).orElse(List.of());
    }

    @Override
    public List<String> statusNotes(String app) {
        return ClusterLedger.load(home, app).map(ledger -> {
            ClusterStatus status = status(ledger);
            List<String> notes = new ArrayList<>();
            status.trafficSplit().ifPresent(notes::add);
            status.events().forEach(event -> notes.add("event " + event));
            return List.copyOf(notes);
        }).orElse(List.of());
    }

    @Override
    public boolean printAppLogs(String app, Optional<String> pod, boolean follow, PrintStream out) {
        ClusterLedger ledger = ledger(app);
        status(ledger).logs(pod, follow, out);
        return true;
    }

    private ClusterStatus status(ClusterLedger ledger) {
        return new ClusterStatus(client(ledger.context()), ledger.namespace(), ledger.app());
    }

    private ClusterLedger ledger(String app) {
        return ClusterLedger.load(home, app).orElseThrow(() -> notDeployed(app));
    }

    private static InvalidInputException notDeployed(String app) {
        return new InvalidInputException(Agent.DEPLOYER, "app " + app + " has no cluster recorded on this machine",
                "Finding the cluster of " + app, "Deploy it first: hivemind deploy SOURCE --target kubernetes");
    }

    static String requireRegistry(ClusterSettings cluster) {
        return cluster.registry().orElseThrow(() -> new InvalidInputException(Agent.PROVISIONER, "the kubernetes "
                + "target needs a registry to push the app's image to", "Reading the kubernetes options",
                "Pass --registry HOST[:PORT]/REPO, or set image: {registry: HOST[:PORT]/REPO} in hivemind.yaml"));
    }

    private static String version(KubernetesClient opened) {
        try {
            return opened.getKubernetesVersion().getGitVersion();
        } catch (KubernetesClientException e) {
            throw new InfrastructureException(Agent.PROVISIONER, "the cluster at " + opened.getMasterUrl()
                    + " does not answer: " + e.getMessage(), "Opening the cluster", "Check the kubeconfig's "
                    + "context (kubectl cluster-info) and that this machine reaches the API server", e);
        }
    }

    private KubernetesClient client(Optional<String> context) {
        if (client == null) {
            client = access.open(context);
        }
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
