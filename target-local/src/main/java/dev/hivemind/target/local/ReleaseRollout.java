package dev.hivemind.target.local;

import dev.hivemind.api.Agent;
import dev.hivemind.api.DeploymentException;
import dev.hivemind.api.HealthCheck;
import dev.hivemind.api.Progress;
import dev.hivemind.api.Strategy;
import dev.hivemind.runtime.AgentClient;
import dev.hivemind.runtime.HealthSettings;
import dev.hivemind.runtime.InstanceView;
import dev.hivemind.runtime.ProbeView;
import dev.hivemind.runtime.ReleaseLaunch;
import dev.hivemind.runtime.ReleaseView;
import dev.hivemind.runtime.SwitchResult;
import dev.hivemind.target.local.ReleaseRegistry.Release;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Starts a release under the agent, waits until it is healthy, and moves the app's traffic to it. */
final class ReleaseRollout {
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final AgentClient agent;

    ReleaseRollout(AgentClient agent) {
        this.agent = agent;
    }

    /** What a finished rollout left running. */
    record Outcome(InstanceView instance, Optional<String> previousRelease, Duration switchTime) { }

    Outcome roll(String app, Release release, Strategy strategy, Progress progress) {
        Optional<String> active = agent.app(app).flatMap(view -> view.activeRelease());
        if (strategy == Strategy.RECREATE && active.isPresent() && !active.get().equals(release.releaseId())) {
            progress.line("recreate: stopping release " + active.get() + " before starting the new one");
            agent.stopRelease(app, active.get());
        }
        InstanceView started = agent.startRelease(app, launch(release)).instances().getFirst();
        progress.line("started release " + release.releaseId() + " on 127.0.0.1:" + started.port()
                + " (pid " + started.pid().map(String::valueOf).orElse("?") + "); waiting for " + release.healthPath());
        boolean oldKeepsServing = strategy == Strategy.BLUE_GREEN && active.isPresent()
                && !active.get().equals(release.releaseId());
        InstanceView healthy = awaitHealthy(app, release, oldKeepsServing, progress);
        SwitchResult switched = agent.switchTo(app, release.releaseId(), DRAIN_TIMEOUT);
        Duration switchTime = Duration.ofNanos(switched.switchMicros() * 1000);
        progress.line("traffic switched to " + release.releaseId() + " in " + switched.switchMicros() + " µs"
                + switched.previousRelease().map(old -> "; draining " + old + " (up to "
                        + DRAIN_TIMEOUT.toSeconds() + " s), then stopping it").orElse(""));
        return new Outcome(healthy, switched.previousRelease(), switchTime);
    }

    private static ReleaseLaunch launch(Release release) {
        HealthCheck check = release.health();
        HealthSettings health = new HealthSettings(release.healthPath(), check.interval(), check.timeout(),
                check.threshold(), check.startupDeadline());
        return new ReleaseLaunch(release.releaseId(), Path.of(release.artifact()), release.startCommand(),
                release.environment(), health);
    }

    private InstanceView awaitHealthy(String app, Release release, boolean oldKeepsServing, Progress progress) {
        long deadline = System.nanoTime() + release.health().startupDeadline().plusSeconds(10).toNanos();
        int reported = -1;
        while (true) {
            ReleaseView releaseView = agent.release(app, release.releaseId());
            InstanceView view = failing(releaseView);
            switch (releaseView.state()) {
                case HEALTHY -> {
                    progress.line("release " + release.releaseId() + " is healthy");
                    return view;
                }
                case UNHEALTHY, CRASHED, CRASH_LOOPING, STOPPED -> throw unhealthy(app, release, view, oldKeepsServing);
                case STARTING, DEGRADED -> {
                    if (view.exitCode().isPresent()) {
                        throw unhealthy(app, release, view, oldKeepsServing); // exited before it was ever healthy
                    }
                    reported = reportProbes(view, reported, progress);
                }
            }
            if (System.nanoTime() > deadline) {
                throw unhealthy(app, release, view, oldKeepsServing);
            }
            sleep(POLL);
        }
    }

    /** The instance that tells most: one that exited or is not ready, else the first. */
    private static InstanceView failing(ReleaseView release) {
        return release.instances().stream().filter(view -> view.exitCode().isPresent()).findFirst()
                .or(() -> release.instances().stream().filter(view -> !view.ready()).findFirst())
                .orElseGet(() -> release.instances().getFirst());
    }

    private static int reportProbes(InstanceView view, int reported, Progress progress) {
        int count = view.probes().size();
        if (count != reported && count > 0) {
            ProbeView last = view.probes().get(count - 1);
            progress.line("health probe: " + describe(last));
        }
        return count;
    }

    private DeploymentException unhealthy(String app, Release release, InstanceView view, boolean oldKeepsServing) {
        agent.stopRelease(app, release.releaseId());
        String probes = view.probes().isEmpty() ? "no probe got an answer"
                : view.probes().stream().map(ReleaseRollout::describe).collect(Collectors.joining("; "));
        String exit = view.exitCode().map(code -> ", exit code " + code).orElse("");
        List<String> lines = view.lastLogLines();
        String log = lines.isEmpty() ? "(the instance wrote nothing)" : String.join("\n  ", lines);
        return new DeploymentException(Agent.DEPLOYER,
                "release " + release.releaseId() + " never became healthy on " + release.healthPath() + " ("
                        + state(view) + exit + ")" + (oldKeepsServing ? "; the previous release keeps serving" : ""),
                "Health-gating release " + release.releaseId() + " of " + app + ". Probes: " + probes
                        + "\nLast log lines:\n  " + log,
                "Check that the app listens on $PORT and answers " + release.healthPath() + " with 2xx; its output is in "
                        + view.logPath());
    }

    private static String state(InstanceView view) {
        if (view.crashLooping()) {
            return "crash-looping";
        }
        return view.exitCode().isPresent() ? "crashed" : view.state().wire();
    }

    private static String describe(ProbeView probe) {
        return probe.statusCode().map(code -> "HTTP " + code).orElseGet(() -> probe.error().orElse("no answer"))
                + " in " + probe.millis() + " ms";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(Agent.DEPLOYER, "interrupted while waiting for the release to become healthy",
                    "Health-gating a release", "Run the deployment again with hivemind resume ID");
        }
    }
}
