package dev.hivemind.target.ssh;

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
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.remote.HostSelection;
import dev.hivemind.api.remote.HostStatus;
import dev.hivemind.api.remote.SshHost;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.target.ssh.connection.RemoteShell;
import dev.hivemind.target.ssh.connection.SshConnection;
import dev.hivemind.target.ssh.hardening.HardeningStep;
import dev.hivemind.target.ssh.hardening.HostHardening;
import dev.hivemind.target.ssh.host.AgentInstall;
import dev.hivemind.target.ssh.host.HostBootstrap;
import dev.hivemind.target.ssh.host.HostFacts;
import dev.hivemind.target.ssh.host.RemoteLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Deploys to the user's own Linux servers over SSH ({@code --target ssh --host ...}). Builds happen on this machine;
 * each host gets HiveMind's agent (systemd unit), the artifact (content-addressed) and its own edge proxy on the
 * public port, and rollouts visit the hosts in batches ({@link HostRollout}).
 */
public final class SshTarget implements Target {
    public static final String NAME = "ssh";
    public static final int DEFAULT_PUBLIC_PORT = 80;
    /** The public port with {@code --tls}: HTTPS, with plain HTTP on the same port redirected to it. */
    public static final int DEFAULT_TLS_PORT = 443;
    static final String PUBLIC_PORT = "public_port";
    static final String HOSTS = "hosts";
    /** For calls that have no progress to show (preflight, status): notices wait for one that has. */
    private static final Progress QUIET = Progress.none();

    private final HivemindHome home;
    private final Optional<AgentProgram> program;
    /** What the connections had to say (a host key trusted on first contact) before a stage could show it. */
    private final List<String> notices = new ArrayList<>();
    private Progress current = QUIET;
    private Fleet fleet;

    public SshTarget(HivemindHome home, Optional<AgentProgram> program) {
        this.home = home;
        this.program = program;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<PreflightCheck> preflight(DeployRequest request, String app) {
        return preflight(request, app, Optional.empty());
    }

    @Override
    public List<PreflightCheck> preflight(DeployRequest request, String app, Optional<TechStack> stack) {
        HostSelection selection = hostsOf(request);
        Fleet hosts = fleet(selection, QUIET);
        List<PreflightCheck> checks = new ArrayList<>();
        for (SshHost host : selection.hosts()) {
            checks.addAll(HostPreflight.check(hosts, host, publicPort(request), app, stack));
        }
        return checks;
    }

    @Override
    public Infrastructure provision(ProvisionRequest request, Progress progress) {
        HostSelection selection = hostsOf(request.request());
        AgentProgram agent = program.orElseThrow(() -> new InvalidInputException(Agent.PROVISIONER, "HiveMind does "
                + "not run from its jar here, so there is nothing to install on the hosts", "Installing the agent",
                "Run HiveMind with ./hivemind (or java -jar hivemind.jar)"));
        int port = publicPort(request.request());
        Fleet hosts = fleet(selection, progress);
        AgentInstall install = new AgentInstall(agent, home.cache().resolve("agent-runtime"));
        Optional<StackRuntime> runtime = request.stack().map(StackRuntime::of);
        boolean tls = request.request().tls();
        List<Resource> resources = new ArrayList<>();
        List<Path> certificates = new ArrayList<>();
        for (SshHost host : selection.hosts()) {
            SshConnection connection = hosts.connection(host);
            HostFacts facts = HostFacts.probe(connection);
            List<String> changes = new ArrayList<>(HostBootstrap.prepare(connection));
            runtime.ifPresent(needed -> changes.addAll(HostBootstrap.runtime(connection, needed.commands(),
                    needed.packages())));
            // the agent (root) lets each app's own user read its release through ACL entries (docs/security.md)
            changes.addAll(HostBootstrap.runtime(connection, List.of("setfacl"), List.of("acl")));
            AgentInstall.Outcome installed = install.install(connection, facts, progress,
                    () -> hosts.agent(host).isRunning());
            changes.addAll(installed.changes());
            AppView view = hosts.agent(host).ensureApp(request.app(), port, "0.0.0.0", tls);
            if (tls) {
                Path certificate = fetchCertificate(connection, host);
                certificates.add(certificate);
                resources.add(new Resource("certificate", host.display(), "self-signed certificate of the host's "
                        + "HTTPS proxy (" + RemoteLayout.HOME.tlsCertificate() + "), copied to " + certificate));
            }
            HardeningStep opened = HostHardening.openAppRules(connection, request.app(), java.util.Set.of(port));
            if (opened.changed()) {
                changes.add(opened.detail());
            }
            progress.line(host.display() + ": " + (changes.isEmpty() ? "already bootstrapped, nothing changed"
                    : String.join("; ", changes)) + "; edge proxy of " + request.app() + " on port "
                    + view.publicPort());
            if (!installed.systemd()) {
                progress.line("warning: " + host.display() + " has no systemd: the agent runs under HiveMind's "
                        + "fallback supervisor, which does not survive a reboot");
            }
            resources.add(new Resource("host", host.display(), facts.osName() + " " + facts.arch() + ", agent on "
                    + installed.java() + (installed.systemd() ? " under systemd" : " under the fallback supervisor")));
            resources.add(new Resource("port", host.address() + ":" + port, "public port of the edge proxy"));
        }
        new AppHosts(selection.hosts(), selection.identityFile(), selection.maxParallel(), port, selection.harden())
                .save(home, request.app());
        Map<String, String> properties = new TreeMap<>(Map.of(PUBLIC_PORT, String.valueOf(port), HOSTS,
                String.join(",", selection.hosts().stream().map(SshHost::display).toList()),
                "tls", String.valueOf(tls)));
        // validate probes the first host's URL, trusting exactly that host's certificate
        certificates.stream().findFirst().ifPresent(first -> properties.put(Infrastructure.TLS_CERTIFICATE,
                first.toString()));
        return new Infrastructure(NAME, properties, resources);
    }

    /**
     * Copies the host's HTTPS certificate (made by its agent for its addresses) to
     * {@code HIVEMIND_HOME/ssh/certificates}, for the probes and the user to trust.
     */
    private Path fetchCertificate(SshConnection connection, SshHost host) {
        String pem = connection.run("cat " + RemoteShell.quote(RemoteLayout.HOME.tlsCertificate().toString()))
                .require(Agent.PROVISIONER, "Reading the HTTPS certificate of " + host.display(), "Check that the "
                        + "agent runs on the host (systemctl status " + RemoteLayout.UNIT + ")").stdout();
        Path file = home.root().resolve("ssh").resolve("certificates").resolve(host.fileName() + ".crt");
        try {
            PrivateFiles.directory(file.getParent());
            PrivateFiles.writeAtomically(file, pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII), true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the certificate of " + host.display() + " in " + file,
                    e);
        }
        return file;
    }

    @Override
    public DeploymentConfig deploy(ReleaseSpec release, Progress progress) {
        AppHosts app = AppHosts.require(home, release.app());
        return new HostRollout(home, fleet(app.selection(), progress)).deploy(release, app, progress);
    }

    /**
     * Runs the migration on the first of the app's hosts ({@link HostMigration}), once for all of them: they share the
     * database the app's environment names. This target runs no database, so it takes no backup.
     */
    @Override
    public void migrate(Migration migration, java.util.function.Consumer<String> onBackup, Progress progress) {
        AppHosts app = AppHosts.require(home, migration.app());
        SshHost first = app.hosts().get(0);
        HostMigration.run(fleet(app.selection(), progress).connection(first), migration, progress);
    }

    @Override
    public RollbackResult rollback(String app, Optional<String> release, Progress progress) {
        AppHosts hosts = AppHosts.require(home, app);
        return new HostRollout(home, fleet(hosts.selection(), progress)).rollback(app, release, hosts, progress);
    }

    @Override
    public void destroy(String app, Progress progress) {
        destroy(app, false, progress);
    }

    @Override
    public boolean hasHosts() {
        return true;
    }

    @Override
    public void destroyAndPurgeHosts(String app, Progress progress) {
        destroy(app, true, progress);
    }

    private void destroy(String app, boolean purgeHosts, Progress progress) {
        Optional<AppHosts> hosts = AppHosts.load(home, app);
        if (hosts.isEmpty()) {
            progress.line("no SSH hosts are recorded for " + app + ": nothing to stop");
            return;
        }
        new HostRollout(home, fleet(hosts.get().selection(), progress)).destroy(app, hosts.get(), purgeHosts,
                progress);
        AppHosts.forget(home, app);
    }

    @Override
    public SecurityConfig harden(String app, DeploymentConfig config, Infrastructure infrastructure) {
        AppHosts hosts = AppHosts.require(home, app);
        if (!hosts.harden()) {
            return new SecurityConfig(false, Optional.empty(), List.of(), List.of(), List.of(new dev.hivemind.api
                    .SecurityCheck("hardening", false, "skipped: deployed with --no-harden; the hosts were not "
                    + "changed")), 0, List.of("Deploy without --no-harden to harden the hosts (firewall, keys-only "
                    + "sshd, fail2ban, unattended upgrades)"));
        }
        return new HostRollout(home, fleet(hosts.selection(), QUIET)).harden(app, hosts, QUIET);
    }

    @Override
    public List<HostStatus> hostStatus(String app) {
        Optional<AppHosts> hosts = AppHosts.load(home, app);
        if (hosts.isEmpty()) {
            return List.of();
        }
        Fleet reach = fleet(hosts.get().selection(), QUIET);
        return HostRollout.inParallel(hosts.get().hosts(), host -> status(reach, host, app)).entrySet().stream()
                .map(entry -> entry.getValue().value().orElseGet(() -> HostStatus.unreachable(entry.getKey().display(),
                        entry.getValue().failure().map(Throwable::getMessage).orElse("no answer"))))
                .toList();
    }

    private static HostStatus status(Fleet fleet, SshHost host, String app) {
        var agent = fleet.agent(host);
        Optional<AppView> view = agent.app(app);
        if (view.isEmpty()) {
            return new HostStatus(host.display(), Optional.empty(), 0, 0, 0, 0,
                    Optional.of("the host's agent runs nothing of " + app));
        }
        Optional<String> active = view.get().activeRelease();
        int instances = active.flatMap(id -> view.get().release(id)).map(release -> release.instances().size())
                .orElse(0);
        int ready = (int) active.flatMap(id -> view.get().release(id)).map(release -> release.readyCount()).orElse(0L)
                .longValue();
        var traffic = agent.traffic(app, java.time.Duration.ofMinutes(1));
        long requests = traffic.stream().mapToLong(release -> release.requests()).sum();
        long failed = traffic.stream().mapToLong(release -> release.serverErrors() + release.connectionErrors()).sum();
        return new HostStatus(host.display(), active, ready, instances, requests,
                requests == 0 ? 0 : (double) failed / requests, Optional.empty());
    }

    @Override
    public boolean printAppLogs(String app, Optional<String> only, boolean follow, java.io.PrintStream out) {
        AppHosts hosts = AppHosts.require(home, app);
        List<SshHost> chosen = only.map(name -> hosts.hosts().stream().filter(host -> host.display().equals(name)
                        || host.address().equals(name) || host.host().equals(name)).toList())
                .orElse(hosts.hosts());
        if (chosen.isEmpty()) {
            throw new InvalidInputException(Agent.CONDUCTOR, "app " + app + " does not run on " + only.get(),
                    "Reading the logs of " + app, "Pass one of: " + hosts.hosts().stream().map(SshHost::address)
                    .toList());
        }
        if (follow && chosen.size() > 1) {
            throw new InvalidInputException(Agent.CONDUCTOR, "--follow reads one host, and " + app + " runs on "
                    + chosen.size(), "Following the logs of " + app, "Add --host with one of: "
                    + chosen.stream().map(SshHost::address).toList());
        }
        Fleet reach = fleet(hosts.selection(), QUIET);
        for (SshHost host : chosen) {
            Optional<String> log = reach.agent(host).app(app).flatMap(view -> view.activeRelease()
                    .flatMap(view::release)).flatMap(release -> release.first()).map(instance -> instance.logPath());
            if (chosen.size() > 1) {
                out.println("== " + host.display() + " ==");
            }
            if (log.isEmpty()) {
                out.println("(no serving instance of " + app + " on " + host.display() + ")");
                continue;
            }
            String tail = "tail -n 200 " + (follow ? "-F " : "") + dev.hivemind.target.ssh.connection.RemoteShell
                    .quote(log.get());
            reach.connection(host).stream(tail, out);
            out.flush();
        }
        return true;
    }

    /** The user's own servers: HiveMind does not know what they cost. */
    @Override
    public double estimatedCostPerMonth(Infrastructure infrastructure) {
        return 0.0;
    }

    @Override
    public String publicUrl(Infrastructure infrastructure) {
        String first = infrastructure.properties().getOrDefault(HOSTS, "").split(",")[0];
        String address = first.isBlank() ? "" : SshHost.parse(first).address();
        int port = Integer.parseInt(infrastructure.properties().getOrDefault(PUBLIC_PORT, "80"));
        boolean tls = Boolean.parseBoolean(infrastructure.properties().get("tls"));
        boolean defaultPort = port == (tls ? 443 : 80);
        return (tls ? "https" : "http") + "://" + address + (defaultPort ? "" : ":" + port);
    }

    @Override
    public List<String> plan(ProvisionRequest request) {
        HostSelection selection = hostsOf(request.request());
        List<String> plan = new ArrayList<>();
        for (SshHost host : selection.hosts()) {
            plan.add(host.display() + ": create the hivemind user and " + "/var/lib/hivemind if missing, install the "
                    + "stack's runtime if missing, install HiveMind's agent (systemd unit hivemind-agent.service) "
                    + "and open the edge proxy of " + request.app() + " on port " + publicPort(request.request()));
        }
        plan.add("upload the artifact to each host (only files the host does not have yet), start "
                + request.request().rollout().replicas() + " instance(s) per host, health-gate them and move traffic ("
                + request.request().strategy() + "), " + selection.maxParallel() + " host(s) at a time; a host that "
                + "fails stops the rollout and the hosts already switched are switched back");
        return plan;
    }

    /**
     * Opens a connection to {@code host} as HiveMind does (host key accepted on first contact and checked after, with
     * {@code identityFile} or the user's usual keys), for a target that prepares hosts it made itself.
     */
    public SshConnection connect(SshHost host, Optional<String> identityFile) {
        return SshConnection.open(host, Fleet.credentials(home, identityFile));
    }

    /** Whether the host's agent serves {@code app} on {@code port} (so the port being in use is fine). */
    static boolean agentServes(Fleet fleet, SshHost host, String app, int port) {
        try {
            return fleet.agent(host).app(app).map(view -> view.publicPort() == port).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int publicPort(DeployRequest request) {
        return request.requestedPort().orElse(request.tls() ? DEFAULT_TLS_PORT : DEFAULT_PUBLIC_PORT);
    }

    private static HostSelection hostsOf(DeployRequest request) {
        if (request.hosts().isEmpty()) {
            throw new InvalidInputException(Agent.CONDUCTOR, "the ssh target needs at least one host",
                    "Choosing the hosts to deploy to", "Pass --host [user@]HOST[:PORT] (repeat it for several "
                    + "hosts), or list them under hosts: in hivemind.yaml");
        }
        return request.hosts();
    }

    /** The connections to {@code selection}'s hosts; notices go to {@code progress}, or wait for one that shows. */
    private Fleet fleet(HostSelection selection, Progress progress) {
        if (progress != QUIET) {
            current = progress;
            notices.forEach(progress::line);
            notices.clear();
        }
        if (fleet == null || !fleet.selection().equals(selection)) {
            if (fleet != null) {
                fleet.close();
            }
            fleet = new Fleet(home, selection, this::notice);
        }
        return fleet;
    }

    private synchronized void notice(String line) {
        if (current == QUIET) {
            notices.add(line);
        } else {
            current.line(line);
        }
    }

    @Override
    public void close() {
        if (fleet != null) {
            fleet.close();
            fleet = null;
        }
    }
}
