package dev.hivemind.target.ssh;

import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.Progress;
import dev.hivemind.api.Target.ReleaseSpec;
import dev.hivemind.api.Target.RollbackResult;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.remote.SshHost;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.target.release.ReleaseRegistry;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import dev.hivemind.target.rollout.AgentTrafficControl;
import dev.hivemind.target.rollout.Hold;
import dev.hivemind.target.rollout.ReleaseRollout;
import dev.hivemind.target.ssh.connection.RemoteShell;
import dev.hivemind.target.ssh.connection.SshConnection;
import dev.hivemind.target.ssh.host.ArtifactUpload;
import dev.hivemind.target.ssh.hardening.HardeningRequest;
import dev.hivemind.target.ssh.hardening.HardeningResult;
import dev.hivemind.target.ssh.hardening.HardeningStep;
import dev.hivemind.target.ssh.hardening.HostHardening;
import dev.hivemind.target.ssh.host.HostPurge;
import dev.hivemind.target.ssh.host.RemoteLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A release across an app's hosts: each host runs the local target's rollout against its own agent; hosts go in
 * batches of {@code max-parallel}, and the first host whose release fails its health gate stops the rollout — it
 * keeps its old release, the hosts not reached are not touched, and the hosts already switched are switched back.
 */
final class HostRollout {
    private final HivemindHome home;
    private final Fleet fleet;

    HostRollout(HivemindHome home, Fleet fleet) {
        this.home = home;
        this.fleet = fleet;
    }

    /** What one host did. */
    private record HostOutcome(SshHost host, ReleaseRollout.Outcome outcome, ArtifactUpload.Shipped shipped) { }

    /**
     * Connects to every host before anything changes on any of them: a changed host key or a refused login stops
     * the command as it is (exit 2), and an unreachable host as a network error, retried by the policy.
     */
    void reachAll(List<SshHost> hosts) {
        for (Result<SshConnection> result : inParallel(hosts, fleet::connection).values()) {
            if (result.failure().isPresent()) {
                throw result.failure().get();
            }
        }
    }

    DeploymentConfig deploy(ReleaseSpec spec, AppHosts app, Progress progress) {
        reachAll(app.hosts());
        List<HostOutcome> switched = new ArrayList<>();
        List<List<SshHost>> batches = batches(app.hosts(), app.maxParallel());
        for (int i = 0; i < batches.size(); i++) {
            Map<SshHost, Result<HostOutcome>> results = inParallel(batches.get(i),
                    host -> deployOn(host, spec, progress));
            Optional<Map.Entry<SshHost, Result<HostOutcome>>> failed = results.entrySet().stream()
                    .filter(entry -> entry.getValue().failure().isPresent()).findFirst();
            results.values().forEach(result -> result.value().ifPresent(switched::add));
            if (failed.isPresent()) {
                List<SshHost> untouched = batches.subList(i + 1, batches.size()).stream().flatMap(List::stream)
                        .toList();
                throw stopped(spec, failed.get().getKey(), failed.get().getValue().failure().get(),
                        switchBack(spec.app(), switched, progress), untouched);
            }
        }
        prune(spec.app(), switched);
        HostOutcome first = switched.getFirst();
        Map<String, String> redacted = spec.environment().keySet().stream()
                .collect(Collectors.toMap(name -> name, name -> "[redacted]", (a, b) -> a, TreeMap::new));
        return new DeploymentConfig(app.publicPort(), first.outcome().instance().port(), spec.healthPath(), spec.app(),
                "running", spec.releaseId(), redacted, first.host().display() + ":"
                + first.outcome().instance().logPath(), first.outcome().instance().pid());
    }

    private HostOutcome deployOn(SshHost host, ReleaseSpec spec, Progress progress) {
        Optional<HostOutcome> done = alreadyServing(host, spec);
        if (done.isPresent()) {
            progress.line(host.display() + ": already serves release " + spec.releaseId() + " (an earlier run of this "
                    + "deployment switched it): not repeated");
            return done.get();
        }
        SshConnection connection = fleet.connection(host);
        ArtifactUpload.Shipped shipped = ArtifactUpload.ship(connection, spec.artifact(), spec.app(),
                spec.releaseId());
        progress.line(host.display() + ": " + (shipped.alreadyThere() ? "release " + spec.releaseId()
                + " is already on the host" : "uploaded " + shipped.uploadedFiles() + " of " + shipped.files()
                + " file(s), " + shipped.uploadedBytes() + " bytes"));
        Release release = Release.of(spec, Instant.now()).withArtifact(shipped.releaseDirectory());
        ReleaseRollout.Outcome outcome = rollout(host, spec.app()).roll(spec.app(), release, spec.strategy(),
                spec.rollout(), spec.resume(), prefixed(host, progress));
        registry(host, spec.app()).record(release);
        return new HostOutcome(host, outcome, shipped);
    }

    /** The host's outcome when its agent already serves {@code spec}'s release with a ready instance (a resume). */
    private Optional<HostOutcome> alreadyServing(SshHost host, ReleaseSpec spec) {
        Optional<AppView> view = fleet.agent(host).app(spec.app());
        return view.filter(app -> app.activeRelease().filter(spec.releaseId()::equals).isPresent())
                .flatMap(app -> app.release(spec.releaseId()))
                .filter(release -> release.readyCount() > 0)
                .flatMap(release -> release.first())
                .map(instance -> new HostOutcome(host, new ReleaseRollout.Outcome(instance, Optional.empty(),
                        Duration.ZERO), new ArtifactUpload.Shipped(RemoteLayout.release(spec.app(), spec.releaseId()),
                        0, 0, 0, true)));
    }

    /** Switches each host back to the release it served before; returns what it did, one line per host. */
    private List<String> switchBack(String app, List<HostOutcome> switched, Progress progress) {
        List<String> done = new ArrayList<>();
        for (HostOutcome host : switched) {
            Optional<Release> previous = host.outcome().previousRelease()
                    .flatMap(id -> registry(host.host(), app).find(id));
            if (previous.isEmpty()) {
                done.add(host.host().display() + " keeps the new release (it served nothing before)");
                continue;
            }
            try {
                rollout(host.host(), app).rollBack(app, previous.get(), RolloutPolicy.defaults(),
                        dev.hivemind.api.rollout.Strategy.BLUE_GREEN, prefixed(host.host(), progress));
                done.add(host.host().display() + " switched back to " + previous.get().releaseId());
            } catch (HiveMindException e) {
                done.add(host.host().display() + " could not be switched back: " + e.getMessage());
            }
        }
        return done;
    }

    private static DeploymentException stopped(ReleaseSpec spec, SshHost host, RuntimeException cause,
                                               List<String> switchedBack, List<SshHost> untouched) {
        String message = "release " + spec.releaseId() + " failed on " + host.display() + ": " + cause.getMessage()
                + (switchedBack.isEmpty() ? "" : "; " + String.join("; ", switchedBack))
                + (untouched.isEmpty() ? "" : "; not touched: " + untouched.stream().map(SshHost::display)
                .collect(Collectors.joining(", ")));
        String remedy = cause instanceof HiveMindException known ? known.remediation()
                : "See the host's agent: hivemind status " + spec.app();
        if (cause instanceof InvalidInputException invalid) {
            return new DeploymentException(Agent.DEPLOYER, message, "Deploying " + spec.app() + " to "
                    + host.display(), invalid.remediation(), cause);
        }
        return new DeploymentException(Agent.DEPLOYER, message, "Deploying " + spec.app() + " to " + host.display(),
                remedy, cause);
    }

    RollbackResult rollback(String app, Optional<String> releaseId, AppHosts hosts, Progress progress) {
        reachAll(hosts.hosts());
        Map<SshHost, Result<RollbackResult>> results = inParallel(hosts.hosts(), host -> {
            AgentClient agent = fleet.agent(host);
            String active = agent.app(app).flatMap(AppView::activeRelease).orElseThrow(() ->
                    new InvalidInputException(Agent.DEPLOYER, "app " + app + " serves no release on "
                            + host.display(), "Rolling back " + app, "Deploy it first"));
            ReleaseRegistry registry = registry(host, app);
            Release target = releaseId.map(id -> registry.find(id).filter(release -> present(host, release))
                            .orElseThrow(() -> new InvalidInputException(Agent.DEPLOYER, "release " + id + " of " + app
                                    + " is not on " + host.display(), "Rolling back " + app,
                                    "hivemind history " + app + " lists the releases")))
                    .or(() -> registry.before(active, release -> present(host, release)))
                    .orElseThrow(() -> new InvalidInputException(Agent.DEPLOYER, "app " + app + " has no earlier "
                            + "release on " + host.display(), "Rolling back " + app, "Deploy another release first"));
            ReleaseRollout.Outcome outcome = rollout(host, app).rollBack(app, target, RolloutPolicy.defaults(),
                    dev.hivemind.api.rollout.Strategy.BLUE_GREEN, prefixed(host, progress));
            registry.record(target.deployedAt(Instant.now()));
            progress.line(host.display() + ": switched from " + active + " to " + target.releaseId() + " in "
                    + outcome.switchTime().toMillis() + " ms");
            return new RollbackResult(active, target.releaseId(), outcome.switchTime());
        });
        List<String> failures = results.entrySet().stream().filter(entry -> entry.getValue().failure().isPresent())
                .map(entry -> entry.getKey().display() + ": " + entry.getValue().failure().get().getMessage())
                .toList();
        if (!failures.isEmpty()) {
            throw new DeploymentException(Agent.DEPLOYER, "the rollback of " + app + " failed on "
                    + String.join("; ", failures), "Rolling back " + app, "Fix the host named, then run "
                    + "hivemind rollback " + app + " again (hosts already switched stay switched)");
        }
        List<RollbackResult> done = results.values().stream().map(result -> result.value().orElseThrow()).toList();
        Duration slowest = done.stream().map(RollbackResult::switchTime).max(Duration::compareTo).orElse(Duration.ZERO);
        return new RollbackResult(done.getFirst().fromRelease(), done.getFirst().toRelease(), slowest);
    }

    /**
     * Stops the app on every host and removes its files and firewall rules; with {@code purgeHosts}, then removes
     * HiveMind itself from each host whose agent runs no other app (and says which hosts keep it and why).
     */
    void destroy(String app, AppHosts hosts, boolean purgeHosts, Progress progress) {
        reachAll(hosts.hosts());
        Map<SshHost, Result<List<String>>> results = inParallel(hosts.hosts(), host -> {
            AgentClient agent = fleet.agent(host);
            Optional<AppView> view = agent.app(app);
            view.ifPresent(running -> agent.removeApp(app));
            fleet.connection(host).run("rm -rf " + RemoteShell.quote(RemoteLayout.app(app))).require(Agent.DEPLOYER,
                    "Removing the files of " + app, "Remove " + RemoteLayout.app(app) + " on the host yourself");
            HardeningStep rules = HostHardening.removeAppRules(fleet.connection(host), app);
            List<String> done = new ArrayList<>(List.of(view.map(running -> "stopped " + running.instances().size()
                    + " instance(s) and closed port " + running.publicPort()).orElse("the agent ran nothing of " + app)
                    + "; removed " + RemoteLayout.app(app) + (rules.changed() ? "; " + rules.detail() : "")));
            if (purgeHosts) {
                List<String> others = agent.status().apps();
                done.addAll(others.isEmpty() ? HostPurge.purge(fleet.connection(host))
                        : List.of("kept HiveMind on the host: its agent still runs " + String.join(", ", others)));
            }
            return done;
        });
        List<String> failures = new ArrayList<>();
        results.forEach((host, result) -> {
            result.value().ifPresent(lines -> lines.forEach(line -> progress.line(host.display() + ": " + line)));
            result.failure().ifPresent(error -> failures.add(host.display() + ": " + error.getMessage()));
        });
        if (!failures.isEmpty()) {
            throw new DeploymentException(Agent.DEPLOYER, "destroying " + app + " failed on " + String.join("; ",
                    failures), "Destroying " + app, "Make the host reachable, then run hivemind destroy " + app
                    + " again");
        }
    }

    /**
     * Hardens every host (Sheriff, stage 050: firewall, keys-only sshd after a second login is shown to work,
     * fail2ban, unattended upgrades, legacy servers, pending security updates), one host after the other so a
     * problem stops before the next host; the lowest score counts.
     */
    dev.hivemind.api.SecurityConfig harden(String app, AppHosts hosts, Progress progress) {
        List<HardeningResult> results = new ArrayList<>();
        for (SshHost host : hosts.hosts()) {
            HardeningResult result = HostHardening.harden(fleet.connection(host), new HardeningRequest(app,
                    Set.of(hosts.publicPort()), () -> fleet.secondLoginWorks(host)));
            result.steps().stream().filter(step -> step.changed())
                    .forEach(step -> progress.line(host.display() + ": " + step.name() + ": " + step.detail()));
            progress.line(host.display() + ": security score " + result.score().score() + "/100"
                    + (result.changed() ? "" : " (nothing to change)"));
            results.add(result);
        }
        return HardeningResult.combine(results, false, Optional.empty());
    }

    private void prune(String app, List<HostOutcome> hosts) {
        for (HostOutcome host : hosts) {
            Set<String> keep = new java.util.HashSet<>(Set.of(host.outcome().instance().releaseId()));
            host.outcome().previousRelease().ifPresent(keep::add);
            ArtifactUpload.prune(fleet.connection(host.host()), app, keep);
        }
    }

    private boolean present(SshHost host, Release release) {
        return fleet.connection(host).run("test -f " + RemoteShell.quote(release.artifact() + "/.hivemind-complete"))
                .ok();
    }

    private ReleaseRollout rollout(SshHost host, String app) {
        AgentClient agent = fleet.agent(host);
        ReleaseRegistry registry = registry(host, app);
        return new ReleaseRollout(agent, new AgentTrafficControl(agent, registry::find), Hold.SLEEP);
    }

    /** The releases a host has run, kept on this machine (0600, with their environment). */
    ReleaseRegistry registry(SshHost host, String app) {
        return new ReleaseRegistry(home.root().resolve("ssh").resolve("hosts").resolve(host.fileName())
                .resolve("apps").resolve(app));
    }

    /** {@code progress} with each line naming the host; rollout steps and approvals pass through as they are. */
    private static Progress prefixed(SshHost host, Progress progress) {
        return new Progress() {
            @Override
            public void line(String text) {
                progress.line(host.address() + ": " + text);
            }

            @Override
            public void rollout(dev.hivemind.api.rollout.RolloutProgress step) {
                progress.rollout(step);
            }

            @Override
            public dev.hivemind.api.state.ApprovalDecision approval(List<String> plan) {
                return progress.approval(plan);
            }
        };
    }

    static List<List<SshHost>> batches(List<SshHost> hosts, int size) {
        List<List<SshHost>> batches = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i += size) {
            batches.add(hosts.subList(i, Math.min(hosts.size(), i + size)));
        }
        return batches;
    }

    /** A value or the failure that stopped it. */
    record Result<T>(Optional<T> value, Optional<RuntimeException> failure) { }

    static <T> Map<SshHost, Result<T>> inParallel(List<SshHost> hosts, Function<SshHost, T> work) {
        Map<SshHost, Future<T>> futures = new LinkedHashMap<>();
        Map<SshHost, Result<T>> results = new LinkedHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            hosts.forEach(host -> futures.put(host, executor.submit(() -> work.apply(host))));
            for (Map.Entry<SshHost, Future<T>> entry : futures.entrySet()) {
                results.put(entry.getKey(), await(entry.getValue()));
            }
        }
        return results;
    }

    private static <T> Result<T> await(Future<T> future) {
        try {
            return new Result<>(Optional.of(future.get()), Optional.empty());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            return new Result<>(Optional.empty(), Optional.of((RuntimeException) cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the hosts", e);
        }
    }
}
