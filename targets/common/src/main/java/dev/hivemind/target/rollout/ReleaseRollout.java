package dev.hivemind.target.rollout;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts a release under the agent with its replicas, health-gates it and moves the app's traffic to it with the
 * strategy: blue-green (at once, after the new release is ready), recreate (the old one stopped first), canary
 * ({@link CanaryRollout}) or rolling ({@link RollingRollout}). Without a stable release a canary or rolling update
 * deploys like blue-green.
 */
public final class ReleaseRollout {
    private final AgentClient agent;
    private final TrafficControl traffic;
    private final Hold hold;

    public ReleaseRollout(AgentClient agent, TrafficControl traffic, Hold hold) {
        this.agent = agent;
        this.traffic = traffic;
        this.hold = hold;
    }

    /** What a finished rollout left running: its first instance, the release it replaced, the switch time. */
    public record Outcome(InstanceView instance, Optional<String> previousRelease, Duration switchTime) { }

    public Outcome roll(String app, Release release, Strategy strategy, RolloutPolicy policy,
                 Optional<RolloutProgress> resume, Progress progress) {
        Optional<String> stable = traffic.stable(app).filter(id -> !id.equals(release.releaseId()));
        TrafficControl.Promotion promotion = switch (strategy) {
            case CANARY -> stable.map(old -> new CanaryRollout(traffic, hold).roll(app, old, release, policy, resume,
                    progress)).orElseGet(() -> first(app, release, policy, "canary", progress));
            case ROLLING -> stable.map(old -> new RollingRollout(traffic).roll(app, old, release, policy, progress))
                    .orElseGet(() -> first(app, release, policy, "rolling update", progress));
            case RECREATE -> {
                stable.ifPresent(old -> {
                    progress.line("recreate: stopping release " + old + " before starting the new one");
                    traffic.stop(app, old);
                });
                yield blueGreen(app, release, policy, progress);
            }
            case BLUE_GREEN -> blueGreen(app, release, policy, progress);
        };
        InstanceView first = agent.release(app, release.releaseId()).first().orElseThrow();
        return new Outcome(first, promotion.previousRelease(), promotion.switchTime());
    }

    /**
     * Moves the app back to an earlier release. When that release still runs with a ready instance (say it is still
     * draining after the deploy that replaced it), traffic switches to it at once, before anything else, and it is
     * scaled to {@code policy.replicas()} afterwards. When it runs but is still starting (an interrupted or concurrent
     * rollback started it, or it restarts after a crash), the rollback waits for its startup probe, up to the
     * release's startup deadline, then switches the same way. Otherwise it is started again and health-gated first
     * with {@code fresh} (blue-green, or recreate for a release pinned to a port it cannot share). The release it
     * leaves is drained in the agent's background: the rollback never waits on a drain.
     *
     * @throws DeploymentException when a release that is still starting does not pass its startup probe; traffic
     *                             stays where it is
     */
    public Outcome rollBack(String app, Release release, RolloutPolicy policy, Strategy fresh, Progress progress) {
        int ready = traffic.readyReplicas(app, release.releaseId());
        if (ready == 0 && traffic.starting(app, release.releaseId())) {
            ready = awaitStarting(app, release, progress);
        }
        if (ready == 0) {
            return roll(app, release, fresh, policy, Optional.empty(), progress);
        }
        progress.line("release " + release.releaseId() + " still runs (" + ready
                + " instance(s) ready): switching back to it at once, no restart");
        TrafficControl.Promotion switched;
        try {
            switched = switchTo(app, release, policy, progress);
        } catch (DeploymentException stoppedMeanwhile) {
            progress.line("release " + release.releaseId() + " stopped meanwhile (" + stoppedMeanwhile.getMessage()
                    + "); starting it again");
            return roll(app, release, fresh, policy, Optional.empty(), progress);
        }
        if (ready < policy.replicas()) {
            traffic.scale(app, release.releaseId(), policy.replicas(), progress);
        }
        InstanceView first = agent.release(app, release.releaseId()).first().orElseThrow();
        return new Outcome(first, switched.previousRelease(), switched.switchTime());
    }

    private int awaitStarting(String app, Release release, Progress progress) {
        progress.line("release " + release.releaseId() + " runs but is not ready yet: waiting up to "
                + release.health().startupDeadline().toSeconds() + " s for its startup probe on " + release.healthPath()
                + ", then switching to it");
        try {
            return traffic.awaitStarting(app, release, progress);
        } catch (DeploymentException notStarted) {
            throw new DeploymentException(Agent.DEPLOYER, "cannot roll " + app + " back to release "
                    + release.releaseId() + ", which was starting but did not become ready: " + notStarted.getMessage(),
                    "Rolling back " + app + ". " + notStarted.context(), "Roll back to another release with "
                    + "`hivemind rollback " + app + " --to ID` (`hivemind history " + app + "` lists them), or "
                    + "fix the app and deploy it; `hivemind logs " + app + "` shows what the release wrote",
                    notStarted);
        }
    }

    private TrafficControl.Promotion first(String app, Release release, RolloutPolicy policy, String what,
                                           Progress progress) {
        progress.line("no stable release of " + app + " serves yet: the " + what + " deploys like blue-green");
        return blueGreen(app, release, policy, progress);
    }

    private TrafficControl.Promotion blueGreen(String app, Release release, RolloutPolicy policy, Progress progress) {
        traffic.start(app, release, policy, policy.replicas(), progress);
        return switchTo(app, release, policy, progress);
    }

    private TrafficControl.Promotion switchTo(String app, Release release, RolloutPolicy policy, Progress progress) {
        TrafficControl.Promotion switched = traffic.promote(app, release.releaseId(), policy.drainTimeout());
        progress.line("traffic switched to " + release.releaseId() + " in " + switched.switchTime().toNanos() / 1000
                + " µs" + switched.previousRelease().map(old -> "; draining " + old + " (up to "
                + policy.drainTimeout().toSeconds() + " s) in the background, then stopping it").orElse(""));
        return switched;
    }
}
