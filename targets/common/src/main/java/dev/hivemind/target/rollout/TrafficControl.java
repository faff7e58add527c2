package dev.hivemind.target.rollout;

import dev.hivemind.api.Progress;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.TrafficSample;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The host agent's primitives a rollout is made of: start and scale health-gated releases, weight the proxy's
 * traffic between them, promote one, stop one, and read what each served. {@link AgentTrafficControl} implements it
 * over the agent's API; the canary and rolling orchestration ({@link CanaryRollout}, {@link RollingRollout}) only
 * sees this.
 */
public interface TrafficControl {

    /** The release that last got all traffic (the stable one), if the app has one. */
    Optional<String> stable(String app);

    /** How many instances of the release are ready now (0 when it does not run). */
    int readyReplicas(String app, String releaseId);

    /** Whether the agent runs the release but none of its instances is ready yet (starting, or restarting). */
    boolean starting(String app, String releaseId);

    /**
     * Waits, up to the release's startup deadline, until a release the agent already runs (see {@link #starting})
     * has a ready instance; returns how many are ready.
     *
     * @throws dev.hivemind.api.error.DeploymentException when it crashes, crash-loops or misses its startup deadline
     */
    int awaitStarting(String app, Release release, Progress progress);

    /**
     * Starts {@code replicas} instances of the release (no traffic yet) and waits until every one is ready. A release
     * already running from the same artifact (an interrupted earlier run of its deployment started it) is adopted as it
     * is, without a restart; one that runs another artifact, crash-loops or is unhealthy is stopped and started afresh.
     *
     * @throws dev.hivemind.api.error.DeploymentException when they do not all become ready; what started is stopped
     */
    void start(String app, Release release, RolloutPolicy policy, int replicas, Progress progress);

    /**
     * Grows the release to {@code replicas} instances (waiting until the new ones are ready) or shrinks it (the newest
     * leave rotation at once and are drained, then stopped).
     *
     * @throws dev.hivemind.api.error.DeploymentException when new instances do not become ready
     */
    void scale(String app, String releaseId, int replicas, Progress progress);

    /** Routes the app's traffic by these relative weights; releases left out get none but keep running. */
    void weights(String app, Map<String, Integer> weights);

    /** All traffic to the release; every other release is drained (up to {@code drain}), then stopped. */
    Promotion promote(String app, String releaseId, Duration drain);

    /** Stops every instance of the release. */
    void stop(String app, String releaseId);

    /** What each release served over the window ending now, by release id; a release without traffic may be absent. */
    Map<String, TrafficSample> traffic(String app, Duration window);

    /** What a promotion did. */
    record Promotion(Optional<String> previousRelease, Duration switchTime) { }
}
