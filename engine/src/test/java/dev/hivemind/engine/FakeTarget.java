package dev.hivemind.engine;

import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.Progress;
import dev.hivemind.api.Resource;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.Target;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPaused;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.StageName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A target whose app is the test's {@link HealthServer}; it keeps the releases it was asked to start. */
public final class FakeTarget implements Target {
    private final Faults faults;
    private final String url;
    private final List<ReleaseSpec> releases = new ArrayList<>();
    private final List<ProvisionRequest> provisioned = new ArrayList<>();
    private List<PreflightCheck> checks = List.of(
            new PreflightCheck("port 8080", true, true, "free", "pass --port"),
            new PreflightCheck("agent", false, false, "the host agent is not running yet", "it starts in provision"));

    FakeTarget(Faults faults, String url) {
        this.faults = faults;
        this.url = url;
    }

    public FakeTarget checking(List<PreflightCheck> preflight) {
        this.checks = List.copyOf(preflight);
        return this;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public List<PreflightCheck> preflight(DeployRequest request, String app) {
        faults.raise(StageName.PREFLIGHT);
        return checks;
    }

    @Override
    public Infrastructure provision(ProvisionRequest request, Progress progress) {
        faults.raise(StageName.PROVISION);
        synchronized (this) {
            provisioned.add(request);
        }
        progress.line("reserved port 8080 for " + request.app());
        Map<String, String> properties = new TreeMap<>(Map.of("public_port", "8080", "bind", "127.0.0.1"));
        synchronized (this) {
            releases.stream().reduce((first, second) -> second)
                    .ifPresent(last -> properties.put(Infrastructure.SERVING_RELEASE, last.releaseId()));
        }
        return new Infrastructure("local", properties,
                List.of(new Resource("port", "8080", "public port of " + request.app())));
    }

    @Override
    public synchronized DeploymentConfig deploy(ReleaseSpec release, Progress progress) {
        faults.raise(StageName.DEPLOY);
        releases.add(release);
        if (release.strategy() == Strategy.CANARY && release.resume().isEmpty()) {
            pauseCanary(release, progress);
        }
        progress.line("waiting for " + release.healthPath() + " to answer");
        Map<String, String> redacted = new TreeMap<>();
        release.environment().keySet().forEach(name -> redacted.put(name, "***"));
        return new DeploymentConfig(8080, 41000, release.healthPath(), release.app(), "running", release.releaseId(),
                redacted, "/var/log/" + release.app() + ".log", Optional.of(4242L));
    }

    /** A canary whose first step (25 %) waits for a person, as a step without a pause does. */
    private static void pauseCanary(ReleaseSpec release, Progress progress) {
        RolloutProgress waiting = new RolloutProgress(Strategy.CANARY, 1, 2, 25, RolloutProgress.AWAITING_APPROVAL,
                Optional.empty());
        progress.rollout(waiting);
        List<String> plan = List.of("canary " + release.releaseId() + " keeps 25 % of traffic",
                "then promote it");
        switch (progress.approval(plan)) {
            case ApprovalDecision.Approved approved -> progress.rollout(waiting.inPhase("approved"));
            case ApprovalDecision.Rejected rejected -> throw DeploymentException.aborted(Agent.DEPLOYER,
                    "canary " + release.releaseId() + " was rejected at the pause: " + rejected.reason(),
                    "Canary of " + release.app(), "Deploy again");
            case ApprovalDecision.Deferred deferred -> throw new RolloutPaused(waiting, plan);
        }
    }

    @Override
    public SecurityConfig harden(String app, DeploymentConfig config, Infrastructure infrastructure) {
        faults.raise(StageName.HARDEN);
        return new SecurityConfig(false, Optional.empty(),
                List.of(new FirewallRule(8080, "tcp", "127.0.0.1", "the app's public port")), List.of(8080),
                List.of(new SecurityCheck("listeners", true, "only 8080 listens"),
                        new SecurityCheck("file modes", false, "artifact is world-readable")),
                75, List.of("Serve TLS in front of port 8080"));
    }

    /** A cloud-like figure, so a test can see the target's estimate reach the state. */
    @Override
    public double estimatedCostPerMonth(Infrastructure infrastructure) {
        return 12.5;
    }

    @Override
    public String publicUrl(Infrastructure infrastructure) {
        return url;
    }

    @Override
    public RollbackResult rollback(String app, Optional<String> release, Progress progress) {
        return new RollbackResult("current", release.orElse("previous"), Duration.ofMillis(5));
    }

    @Override
    public void destroy(String app, Progress progress) {
        progress.line("destroyed " + app);
    }

    @Override
    public List<String> plan(ProvisionRequest request) {
        List<String> plan = new ArrayList<>(List.of("reserve a port for " + request.app(), "start release "
                + request.deploymentId()));
        if (request.databaseSupplied()) {
            plan.add("make no database: the app's environment gives DATABASE_URL");
        }
        return plan;
    }

    synchronized List<ProvisionRequest> provisioned() {
        return new ArrayList<>(provisioned);
    }

    synchronized List<ReleaseSpec> releases() {
        return new ArrayList<>(releases);
    }
}
