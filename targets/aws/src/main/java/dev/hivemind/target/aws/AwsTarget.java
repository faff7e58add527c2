package dev.hivemind.target.aws;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.Progress;
import dev.hivemind.api.Resource;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.Target;
import dev.hivemind.api.TargetFactory.AgentProgram;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.remote.HostSelection;
import dev.hivemind.api.remote.HostStatus;
import dev.hivemind.api.remote.SshHost;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.target.database.JavaDatabaseVariables;
import dev.hivemind.target.ssh.SshTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Deploys to AWS ({@code --target aws}): a costed plan first, then the network, security groups, key pair, EC2
 * instances and load balancer ({@link Network}, {@link Compute}, {@link LoadBalancing}), each recorded as soon as it
 * exists ({@link AwsLedger}); the instances are then SSH hosts that the {@code ssh} target bootstraps, deploys to with
 * zero downtime and hardens, behind the load balancer's health checks. {@code destroy} is {@link Teardown}.
 */
public final class AwsTarget implements Target {
    public static final String NAME = "aws";
    static final String REGION = "region";
    static final String LOAD_BALANCER = "load_balancer";
    static final String MONTHLY = "monthly_estimate";
    static final String CERTIFICATE = "certificate_arn";
    private static final java.time.Duration HEALTH_DEADLINE = java.time.Duration.ofMinutes(5);

    private final HivemindHome home;
    private final Map<String, String> environment;
    private final SshTarget hosts;
    private AwsClients clients;

    public AwsTarget(HivemindHome home, Optional<AgentProgram> program, Map<String, String> environment) {
        this.home = home;
        this.environment = Map.copyOf(environment);
        this.hosts = new SshTarget(home, program);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** RDS: this machine needs no PostgreSQL server for an app that uses one. */
    @Override
    public boolean providesPostgres() {
        return true;
    }

    @Override
    public List<PreflightCheck> preflight(DeployRequest request, String app) {
        return preflight(request, app, Optional.empty());
    }

    /** The region and credentials (exit 2 when refused), and that the plan can be made, before anything exists. */
    @Override
    public List<PreflightCheck> preflight(DeployRequest request, String app, Optional<TechStack> stack) {
        AwsClients aws = clients(request);
        String who = Identity.check(aws);
        AwsPlan.of(app, request.cloud(), stack, publicPort(request));
        return List.of(new PreflightCheck("aws credentials", true, true, who + ", " + aws.describeEndpoints(), ""));
    }

    @Override
    public List<String> plan(ProvisionRequest request) {
        AwsPlan plan = awsPlan(request);
        List<String> lines = new ArrayList<>(plan.lines());
        lines.add("then authorize the app's key for root on each instance (logging in once as " + Compute.LOGIN
                + "), bootstrap it over SSH, deploy the "
                + "release to it (" + request.request().strategy() + ", one instance at a time) and wait for the "
                + "load balancer's health checks");
        return lines;
    }

    @Override
    public Infrastructure provision(ProvisionRequest request, Progress progress) {
        DeployRequest asked = request.request();
        AwsClients aws = clients(asked);
        progress.line("AWS: " + Identity.check(aws) + ", " + aws.describeEndpoints());
        AwsPlan plan = awsPlan(request);
        if (request.databaseSupplied() && request.stack().filter(TechStack::databaseNeedsServer).isPresent()) {
            progress.line("no RDS: the app's environment gives DATABASE_URL, so it uses that database");
        }
        plan.lines().forEach(line -> progress.line("plan: " + line));
        String healthPath = asked.health().path().or(() -> request.stack().flatMap(TechStack::healthCheckPath))
                .orElse("/");
        AwsProvisioning.Provisioned made = AwsErrors.translated("Provisioning " + request.app() + " on AWS in "
                + aws.region().id(), () -> AwsProvisioning.run(aws, home, plan, request.deploymentId(), healthPath,
                progress));
        List<Compute.Running> instances = made.instances();
        String privateKey = KeyFiles.privateKey(home, request.app()).toString();
        String publicKey = KeyFiles.ensure(home, request.app());
        List<SshHost> servers = instances.stream().map(instance -> RootLogin.authorize(hosts, new SshHost(
                Compute.LOGIN, instance.publicAddress(), SshHost.DEFAULT_PORT), privateKey, publicKey)).toList();
        HostSelection selection = new HostSelection(servers, Optional.of(privateKey), 1, asked.hosts().harden());
        Infrastructure onHosts = hosts.provision(new ProvisionRequest(request.app(), request.deploymentId(),
                asked.withHosts(selection), request.stack()), progress);
        String account = AwsErrors.translated("Reading the AWS account", () -> aws.sts().getCallerIdentity()
                .account());
        return infrastructure(made, onHosts, plan, account);
    }

    private static Infrastructure infrastructure(AwsProvisioning.Provisioned made, Infrastructure onHosts,
                                                 AwsPlan plan, String account) {
        AwsLedger ledger = made.ledger();
        String dns = made.loadBalancerDns();
        Map<String, String> properties = new TreeMap<>(onHosts.properties());
        properties.put(REGION, ledger.region());
        properties.put(LOAD_BALANCER, dns);
        properties.put(MONTHLY, String.format(java.util.Locale.ROOT, "%.2f", plan.monthlyCost()));
        plan.domain().ifPresent(domain -> properties.put("domain", domain));
        made.certificateArn().ifPresent(arn -> properties.put(CERTIFICATE, arn));
        List<Resource> resources = new ArrayList<>();
        for (AwsLedger.Entry entry : ledger.resources()) {
            resources.add(new Resource(entry.kind(), entry.id(), "hivemind:role=" + entry.role() + " in "
                    + ledger.region() + ", " + AwsConsole.arn(ledger.region(), account, entry.kind(), entry.id())
                    + AwsConsole.link(ledger.region(), entry.kind(), entry.id()).map(url -> ", " + url).orElse("")));
        }
        resources.addAll(onHosts.resources());
        return new Infrastructure(NAME, properties, resources);
    }

    /**
     * The app's RDS PostgreSQL, made by {@link #provision} when the app needs one: where it is, never its password
     * (that stays in Secrets Manager and reaches the app only in its environment on the instances).
     */
    @Override
    public DatabaseInfo provisionDatabase(DatabaseRequest request, Progress progress) {
        AwsLedger ledger = AwsLedger.load(home, request.app()).orElseThrow(() -> notProvisioned(request.app()));
        Optional<String> identifier = ledger.id("db-instance", "main");
        if (!request.engine().equals("postgresql") || identifier.isEmpty()) {
            return Target.super.provisionDatabase(request, progress);
        }
        var instance = AwsErrors.translated("Reading the RDS instance of " + request.app(), () ->
                Database.find(clients(ledger).rds(), identifier.get())).orElseThrow(() -> notProvisioned(
                request.app()));
        progress.line("RDS PostgreSQL " + instance.dbInstanceIdentifier() + " (" + instance.dbInstanceClass()
                + ", encrypted, private subnets); its password is in Secrets Manager: " + ledger.id("secret",
                "database").orElse(""));
        return new DatabaseInfo("postgresql", true, instance.endpoint().address(), instance.endpoint().port(),
                instance.dbName(), instance.masterUsername(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.ofNullable(instance.engineVersion()).map(version -> version.replaceFirst("\\..*", "")));
    }

    @Override
    public DeploymentConfig deploy(ReleaseSpec release, Progress progress) {
        AwsLedger ledger = AwsLedger.load(home, release.app()).orElseThrow(() -> notProvisioned(release.app()));
        DeploymentConfig config = hosts.deploy(withDatabase(release, ledger), progress);
        String group = ledger.id("target-group", "main").orElseThrow(() -> notProvisioned(release.app()));
        LoadBalancing balancing = new LoadBalancing(clients(ledger).elb(), null, null);
        long deadline = System.nanoTime() + HEALTH_DEADLINE.toNanos();
        while (true) {
            var health = AwsErrors.translated("Reading the load balancer's health checks", () ->
                    balancing.health(group));
            long healthy = health.stream().filter(target -> "healthy".equals(target.targetHealth().stateAsString()))
                    .count();
            if (!health.isEmpty() && healthy == health.size()) {
                progress.line("load balancer: " + healthy + " of " + health.size() + " instance(s) healthy");
                return config;
            }
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(Agent.DEPLOYER, "the load balancer sees " + healthy + " of "
                        + health.size() + " instance(s) healthy after " + HEALTH_DEADLINE.toMinutes() + " minutes: "
                        + health.stream().map(target -> target.target().id() + " " + target.targetHealth()
                        .stateAsString() + " (" + target.targetHealth().description() + ")").toList(),
                        "Waiting for the load balancer's health checks", "Check that the app answers its health "
                        + "path on the instances (hivemind status APP), then run hivemind resume ID");
            }
            Compute.sleep();
        }
    }

    /**
     * The release with {@code DATABASE_URL} of the app's RDS database (and, for a Java app, the JDBC and Spring
     * variables the local target gives), read from RDS and Secrets Manager now, unless the user gave one.
     */
    ReleaseSpec withDatabase(ReleaseSpec release, AwsLedger ledger) {
        Map<String, String> environment = withDatabase(release.app(), release.startCommand(), release.artifact(),
                release.environment(), ledger);
        return new ReleaseSpec(release.app(), release.releaseId(), release.artifact(), release.startCommand(),
                environment, release.healthPath(), release.strategy(), release.infrastructure(), release.health(),
                release.rollout(), release.resume(), release.fixedPort());
    }

    private Map<String, String> withDatabase(String app, String command, java.nio.file.Path artifact,
                                             Map<String, String> given, AwsLedger ledger) {
        if (ledger.id("db-instance", "main").isEmpty() || given.containsKey("DATABASE_URL")) {
            return given;
        }
        AwsClients aws = clients(ledger);
        String url = AwsErrors.translated("Reading the database of " + app, () -> Database.url(aws.rds(),
                aws.secrets(), ledger));
        Map<String, String> environment = new TreeMap<>(given);
        environment.put("DATABASE_URL", url);
        JavaDatabaseVariables.of(command, artifact, url).forEach(environment::putIfAbsent);
        return environment;
    }

    /**
     * Runs the migration on the first instance (the {@code ssh} target's {@code migrate}) with {@code DATABASE_URL}
     * of the app's RDS database (and the Java variables), unless the user gave one. No {@code pg_dump} backup is taken:
     * RDS sits in private subnets that only the instances reach, and they have no PostgreSQL client; RDS's own
     * automated backups (kept {@value Database#BACKUP_DAYS} days, point-in-time restore) cover the migration instead.
     */
    @Override
    public void migrate(Migration migration, java.util.function.Consumer<String> onBackup, Progress progress) {
        AwsLedger ledger = AwsLedger.load(home, migration.app()).orElseThrow(() -> notProvisioned(migration.app()));
        if (ledger.id("db-instance", "main").isPresent() && !migration.environment().containsKey("DATABASE_URL")) {
            progress.line("no pg_dump backup before the migration: RDS is reachable only from the instances, which "
                    + "have no PostgreSQL client; RDS's automated backups (" + Database.BACKUP_DAYS + " days, "
                    + "point-in-time restore) cover it");
        }
        Map<String, String> environment = withDatabase(migration.app(), migration.command(), migration.artifact(),
                migration.environment(), ledger);
        hosts.migrate(new Migration(migration.app(), migration.releaseId(), migration.artifact(), migration.command(),
                environment, migration.timeout()), onBackup, progress);
    }

    @Override
    public SecurityConfig harden(String app, DeploymentConfig config, Infrastructure infrastructure) {
        SecurityConfig onHosts = hosts.harden(app, config, infrastructure);
        AwsLedger ledger = AwsLedger.load(home, app).orElseThrow(() -> notProvisioned(app));
        var aws = AwsErrors.translated("Auditing the AWS resources of " + app, () -> {
            List<dev.hivemind.api.SecurityCheck> checks = new ArrayList<>(AwsAudit.checks(clients(ledger).ec2(), app));
            checks.add(Inspector.check(clients(ledger).inspector(), Ec2Inventory.find(clients(ledger).ec2(),
                    "instance", Tags.filters(app))));
            return checks;
        });
        return AwsAudit.combined(onHosts, aws, Optional.ofNullable(infrastructure.properties().get(CERTIFICATE)));
    }

    @Override
    public double estimatedCostPerMonth(Infrastructure infrastructure) {
        return Double.parseDouble(infrastructure.properties().getOrDefault(MONTHLY, "0"));
    }

    @Override
    public String publicUrl(Infrastructure infrastructure) {
        Map<String, String> properties = infrastructure.properties();
        if (properties.containsKey("domain")) {
            return "https://" + properties.get("domain");
        }
        return "http://" + properties.getOrDefault(LOAD_BALANCER, "");
    }

    @Override
    public RollbackResult rollback(String app, Optional<String> release, Progress progress) {
        return hosts.rollback(app, release, progress);
    }

    @Override
    public List<HostStatus> hostStatus(String app) {
        return hosts.hostStatus(app);
    }

    /**
     * For {@code status APP}: each AWS resource of the app with its id, ARN and console page, the monthly estimate,
     * and the load balancer's view of each instance (its target health); a line saying so when AWS cannot be read.
     */
    @Override
    public List<String> statusNotes(String app) {
        Optional<AwsLedger> recorded = AwsLedger.load(home, app);
        if (recorded.isEmpty()) {
            return List.of();
        }
        AwsLedger ledger = recorded.get();
        List<String> lines = new ArrayList<>();
        try {
            AwsClients aws = clients(ledger);
            String account = aws.sts().getCallerIdentity().account();
            lines.add("AWS resources in " + ledger.region() + " (account " + account + "):");
            for (AwsLedger.Entry entry : ledger.resources()) {
                lines.add("  " + AwsConsole.describe(ledger.region(), account, entry));
            }
            lines.add(String.format(java.util.Locale.ROOT, "AWS estimated cost: $%.2f a month (%s)", ledger.monthly(),
                    PriceTable.source()));
            Optional<String> group = ledger.id("target-group", "main");
            if (group.isPresent()) {
                Map<String, String> roles = new TreeMap<>();
                ledger.ofKind("instance").forEach(entry -> roles.put(entry.id(), entry.role()));
                lines.add("load balancer's view of the instances (target health):");
                for (var target : new LoadBalancing(aws.elb(), null, null).health(group.get())) {
                    var health = target.targetHealth();
                    lines.add("  " + roles.getOrDefault(target.target().id(), "?") + " " + target.target().id()
                            + (target.target().port() == null ? "" : ":" + target.target().port()) + " "
                            + health.stateAsString() + why(health));
                }
            }
        } catch (RuntimeException e) {
            lines.add("AWS could not be read (" + e.getMessage() + "); the resources recorded for " + app + " are in "
                    + AwsLedger.file(home, app));
        }
        return lines;
    }

    /** The reason and description of a target's health, when the load balancer gives them. */
    private static String why(software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth health) {
        List<String> parts = java.util.stream.Stream.of(health.reasonAsString(), health.description())
                .filter(part -> part != null && !part.isBlank()).toList();
        return parts.isEmpty() ? "" : " (" + String.join(": ", parts) + ")";
    }

    @Override
    public boolean printAppLogs(String app, Optional<String> host, boolean follow, java.io.PrintStream out) {
        return hosts.printAppLogs(app, host, follow, out);
    }

    /** Removes the app from its instances when they answer, then every AWS resource, then checks nothing is left. */
    @Override
    public void destroy(String app, Progress progress) {
        destroy(app, DestroyOptions.defaults(), progress);
    }

    /** {@link #destroy(String, Progress)}; {@code --skip-final-snapshot} deletes RDS without its final snapshot. */
    @Override
    public void destroy(String app, DestroyOptions options, Progress progress) {
        Optional<AwsLedger> ledger = AwsLedger.load(home, app);
        if (ledger.isEmpty()) {
            progress.line("no AWS resources are recorded for " + app + " on this machine: nothing to remove");
            return;
        }
        try {
            hosts.destroy(app, progress);
        } catch (RuntimeException e) {
            progress.line("the instances did not answer (" + e.getMessage() + "); they are terminated next");
        }
        List<String> left = AwsErrors.translated("Destroying the AWS resources of " + app, () ->
                AwsProvisioning.destroy(clients(ledger.get()), home, ledger.get(), options.skipFinalSnapshot(),
                        progress));
        if (!left.isEmpty()) {
            throw new InfrastructureException(Agent.PROVISIONER, left.size() + " resource(s) of " + app + " are "
                    + "still there after the teardown:\n  " + String.join("\n  ", left), "Checking that nothing "
                    + "of " + app + " is left on AWS (Resource Groups Tagging API and describes)", "Run hivemind "
                    + "destroy " + app + " again; if they stay, remove each with the command shown, or in the AWS "
                    + "console's Resource Groups & Tag Editor (tag hivemind:app=" + app + ")");
        }
        progress.line("leak check: nothing tagged hivemind:app=" + app + " is left in " + ledger.get().region());
        AwsLedger.forget(home, app);
        KeyFiles.forget(home, app);
    }

    private static InfrastructureException notProvisioned(String app) {
        return new InfrastructureException(Agent.DEPLOYER, "app " + app + " has no AWS resources recorded on this "
                + "machine", "Finding the load balancer of " + app, "Deploy it first: hivemind deploy SOURCE "
                + "--target aws");
    }

    private AwsClients clients(DeployRequest request) {
        return clients(request.cloud().region());
    }

    private AwsClients clients(AwsLedger ledger) {
        return clients(Optional.of(ledger.region()));
    }

    private AwsClients clients(Optional<String> region) {
        if (clients == null) {
            clients = AwsClients.open(region, environment);
        }
        return clients;
    }

    private static AwsPlan awsPlan(ProvisionRequest request) {
        return AwsPlan.of(request.app(), request.request().cloud(), request.stack(), publicPort(request.request()),
                request.databaseSupplied());
    }

    private static int publicPort(DeployRequest request) {
        return request.requestedPort().orElse(SshTarget.DEFAULT_PUBLIC_PORT);
    }

    @Override
    public void close() {
        hosts.close();
        if (clients != null) {
            clients.close();
            clients = null;
        }
    }
}
