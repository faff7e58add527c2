package dev.hivemind.target.rollout;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.TrafficSample;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.HealthSettings;
import dev.hivemind.runtime.client.InstancePolicy;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.ReleaseState;
import dev.hivemind.runtime.client.ReleaseTraffic;
import dev.hivemind.runtime.client.ReleaseView;
import dev.hivemind.runtime.client.SwitchResult;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** {@link TrafficControl} over the host agent's API. */
public final class AgentTrafficControl implements TrafficControl {
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final AgentClient agent;
    private final Function<String, Optional<Release>> releases;
    private final ReadinessWait readiness;
    private final Map<String, Release> started = new TreeMap<>();

    /**
     * @param releases the recorded releases by id (their health path and startup deadline for scaling)
     */
    public AgentTrafficControl(AgentClient agent, Function<String, Optional<Release>> releases) {
        this.agent = agent;
        this.releases = releases;
        this.readiness = new ReadinessWait(agent);
    }

    @Override
    public Optional<String> stable(String app) {
        return agent.app(app).flatMap(AppView::activeRelease);
    }

    @Override
    public int readyReplicas(String app, String releaseId) {
        return agent.app(app).flatMap(view -> view.release(releaseId)).map(view -> (int) view.readyCount()).orElse(0);
    }

    @Override
    public boolean starting(String app, String releaseId) {
        return agent.app(app).flatMap(view -> view.release(releaseId))
                .filter(view -> view.state() != ReleaseState.STOPPED && view.readyCount() == 0).isPresent();
    }

    @Override
    public int awaitStarting(String app, Release release, Progress progress) {
        Optional<String> serving = stable(app).filter(stable -> !stable.equals(release.releaseId()))
                .map(stable -> "traffic stays on " + stable);
        try {
            return (int) readiness.acceptingRestarts().await(app, release.releaseId(), 1, release.healthPath(),
                    deadline(release.health()), serving, Optional.of(release), progress).readyCount();
        } catch (InvalidInputException gone) {
            throw new DeploymentException(Agent.DEPLOYER, "release " + release.releaseId() + " was stopped while "
                    + "waiting for its startup probe" + serving.map(what -> "; " + what).orElse(""),
                    "Waiting for release " + release.releaseId() + " of " + app + " (" + gone.getMessage() + ")",
                    "Run the command again to start it afresh", gone);
        }
    }

    /**
     * Starts the release, or adopts it when the agent already runs it for an earlier run of the same deployment that
     * was interrupted (say the CLI was killed while it waited for the startup probe): same artifact, starting or ready.
     * An adopted release is scaled to {@code replicas} and waited for like a new one, without a restart.
     */
    @Override
    public void start(String app, Release release, RolloutPolicy policy, int replicas, Progress progress) {
        Optional<String> serving = stable(app).filter(stable -> !stable.equals(release.releaseId()))
                .filter(stable -> readyReplicas(app, stable) > 0).map(stable -> stable + " keeps serving");
        started.put(release.releaseId(), release);
        boolean adopted = adopted(app, release, replicas, progress);
        if (!adopted) {
            ReleaseView launched = agent.startRelease(app, launch(release, policy.withReplicas(replicas)));
            progress.line("started " + replicas + " instance(s) of release " + release.releaseId() + " on "
                    + launched.instances().stream().map(InstanceView::endpoint).toList()
                    + "; waiting for " + release.healthPath());
        }
        try {
            (adopted ? readiness.acceptingRestarts() : readiness).await(app, release.releaseId(), replicas,
                    release.healthPath(), deadline(release.health()), serving, Optional.of(release), progress);
        } catch (DeploymentException unhealthy) {
            agent.stopRelease(app, release.releaseId());
            throw unhealthy;
        }
    }

    /**
     * Whether the agent already runs the release and it is taken as it is (scaled to {@code replicas}). One that runs
     * but cannot be adopted is stopped, to be started afresh.
     */
    private boolean adopted(String app, Release release, int replicas, Progress progress) {
        String id = release.releaseId();
        Optional<ReleaseView> running = agent.app(app).flatMap(view -> view.release(id))
                .filter(view -> view.state() != ReleaseState.STOPPED);
        if (running.isEmpty()) {
            return false;
        }
        Optional<String> refused = unadoptable(running.get(), Path.of(release.artifact()));
        if (refused.isPresent()) {
            progress.line("release " + id + " already runs but " + refused.get() + ": stopping it to start it afresh");
            agent.stopRelease(app, id);
            return false;
        }
        progress.line("release " + id + " already runs (" + running.get().readyCount() + " of "
                + running.get().replicas() + " instance(s) ready), started by an earlier run that was interrupted: "
                + "adopting it, no restart; waiting for " + release.healthPath());
        if (running.get().replicas() != replicas) {
            agent.scaleRelease(app, id, replicas);
        }
        return true;
    }

    /** Why a running release cannot be adopted: another artifact (it was built again since), or it does not start. */
    private static Optional<String> unadoptable(ReleaseView running, Path artifact) {
        Path expected = artifact.toAbsolutePath().normalize();
        return running.directory().filter(directory -> !directory.equals(expected))
                .map(directory -> "runs another build (" + directory + ", not " + expected + ")")
                .or(() -> switch (running.state()) {
                    case STARTING, HEALTHY, DEGRADED, STOPPED -> Optional.empty();
                    case UNHEALTHY, CRASH_LOOPING, CRASHED -> Optional.of("is " + running.state().wire());
                });
    }

    @Override
    public void scale(String app, String releaseId, int replicas, Progress progress) {
        ReleaseView scaled = agent.scaleRelease(app, releaseId, replicas);
        if (scaled.readyCount() >= replicas) {
            return;
        }
        Optional<Release> known = Optional.ofNullable(started.get(releaseId)).or(() -> releases.apply(releaseId));
        progress.line("scaling release " + releaseId + " to " + replicas + " replica(s)");
        readiness.await(app, releaseId, replicas, known.map(Release::healthPath).orElse("its health path"),
                deadline(known.map(Release::health).orElseGet(HealthCheck::defaults)), Optional.empty(), known, progress);
    }

    @Override
    public void weights(String app, Map<String, Integer> weights) {
        agent.setWeights(app, weights);
    }

    @Override
    public Promotion promote(String app, String releaseId, Duration drain) {
        SwitchResult switched = agent.switchTo(app, releaseId, drain);
        return new Promotion(switched.previousRelease(), Duration.ofNanos(switched.switchMicros() * 1000));
    }

    @Override
    public void stop(String app, String releaseId) {
        if (agent.app(app).flatMap(view -> view.release(releaseId)).isPresent()) {
            agent.stopRelease(app, releaseId);
        }
    }

    @Override
    public Map<String, TrafficSample> traffic(String app, Duration window) {
        Map<String, TrafficSample> samples = new TreeMap<>();
        for (ReleaseTraffic traffic : agent.traffic(app, window)) {
            samples.put(traffic.releaseId(), new TrafficSample(traffic.releaseId(), traffic.requests(),
                    traffic.serverErrors() + traffic.connectionErrors(), traffic.p95Millis(), traffic.window()));
        }
        return samples;
    }

    static ReleaseLaunch launch(Release release, RolloutPolicy policy) {
        HealthCheck check = release.health();
        HealthSettings health = new HealthSettings(release.healthPath(), check.interval(), check.timeout(),
                check.threshold(), check.startupDeadline());
        return new ReleaseLaunch(release.releaseId(), Path.of(release.artifact()), release.startCommand(),
                release.environment(), health, InstancePolicy.of(policy), release.network());
    }

    private static Duration deadline(HealthCheck health) {
        return health.startupDeadline().plus(MARGIN);
    }
}
