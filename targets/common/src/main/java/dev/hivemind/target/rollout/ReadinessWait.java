package dev.hivemind.target.rollout;

import dev.hivemind.api.FixedPort;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ProbeView;
import dev.hivemind.runtime.client.ReleaseView;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Waits until a release has a number of ready instances, reporting the probes as they come, and explains a release
 * that does not get there: its state, exit code, probes and last log lines.
 */
final class ReadinessWait {
    private static final Duration POLL = Duration.ofMillis(200);
    /** The last log lines an error shows; the diagnosis reads all the agent sent. */
    private static final int SHOWN_LINES = 20;

    private final AgentClient agent;
    private final boolean restarting;

    ReadinessWait(AgentClient agent) {
        this(agent, false);
    }

    private ReadinessWait(AgentClient agent, boolean restarting) {
        this.agent = agent;
        this.restarting = restarting;
    }

    /**
     * A wait for a release that was already running: an instance that crashed earlier and waits for (or is in) its
     * restart is not given up on, only one that crash-loops or missed its startup deadline.
     */
    ReadinessWait acceptingRestarts() {
        return new ReadinessWait(agent, true);
    }

    /**
     * @param deadline how long the instances may take (their startup deadline, plus a margin)
     * @param serving  what keeps serving meanwhile, for the error ("the previous release keeps serving")
     * @param known    the release as recorded (its start command and fixed port tell why it failed), when known
     * @throws DeploymentException when an instance exits, its log shows it cannot succeed, or it stays unready past
     *                             the deadline; not retryable when what it shows cannot change ({@link
     *                             StartupDiagnosis})
     */
    ReleaseView await(String app, String releaseId, int replicas, String healthPath, Duration deadline,
                      Optional<String> serving, Optional<Release> known, Progress progress) {
        long end = System.nanoTime() + deadline.toNanos();
        int reported = -1;
        while (true) {
            ReleaseView release = agent.release(app, releaseId);
            if (release.readyCount() >= replicas) {
                progress.line("release " + releaseId + " is healthy (" + release.readyCount() + " of " + replicas
                        + " ready)");
                return release;
            }
            Optional<InstanceView> failed = release.instances().stream()
                    .filter(view -> !view.ready() && gaveUp(view)).findFirst();
            if (failed.isPresent() || hopeless(release) || System.nanoTime() > end) {
                InstanceView view = failed.orElseGet(() -> telling(release));
                throw unhealthy(app, releaseId, healthPath, view, serving,
                        StartupDiagnosis.of(view, healthPath, command(known), fixedPort(known)));
            }
            for (InstanceView view : release.instances()) {
                Optional<StartupDiagnosis> hopeless = view.ready() ? Optional.empty()
                        : StartupDiagnosis.early(view, healthPath, command(known), fixedPort(known));
                if (hopeless.isPresent()) {
                    throw unhealthy(app, releaseId, healthPath, view, serving, hopeless.get());
                }
            }
            reported = reportProbes(telling(release), reported, progress);
            sleep();
        }
    }

    /** The instance will not get ready: it loops crashing or missed its startup deadline, or (fresh) it exited. */
    private boolean gaveUp(InstanceView view) {
        boolean exited = view.exitCode().isPresent() || view.state() == InstanceState.CRASHED;
        return view.crashLooping() || view.state() == InstanceState.UNHEALTHY || exited && !restarting;
    }

    private boolean hopeless(ReleaseView release) {
        return switch (release.state()) {
            case CRASH_LOOPING, STOPPED -> true;
            case UNHEALTHY, CRASHED -> !restarting;
            case STARTING, DEGRADED, HEALTHY -> false;
        };
    }

    /** The instance that tells most: one that is not ready, else the first. */
    private static InstanceView telling(ReleaseView release) {
        return release.instances().stream().filter(view -> !view.ready()).findFirst()
                .orElseGet(() -> release.instances().getFirst());
    }

    private static int reportProbes(InstanceView view, int reported, Progress progress) {
        int count = view.probes().size();
        if (count != reported && count > 0) {
            progress.line("health probe: " + describe(view.probes().get(count - 1)));
        }
        return count;
    }

    private static DeploymentException unhealthy(String app, String releaseId, String healthPath, InstanceView view,
                                                 Optional<String> serving, StartupDiagnosis diagnosis) {
        String probes = view.probes().isEmpty() ? "no probe got an answer"
                : view.probes().stream().map(ReadinessWait::describe).collect(Collectors.joining("; "));
        String exit = view.exitCode().map(code -> ", exit code " + code).orElse("");
        List<String> lines = view.lastLogLines().subList(Math.max(0, view.lastLogLines().size() - SHOWN_LINES),
                view.lastLogLines().size());
        String log = lines.isEmpty() ? "(the instance wrote nothing)" : String.join("\n  ", lines);
        String message = "release " + releaseId + " never became healthy on " + healthPath + " (" + state(view) + exit
                + "): " + diagnosis.cause() + serving.map(what -> "; " + what).orElse("");
        String context = "Health-gating release " + releaseId + " of " + app + " on " + view.endpoint()
                + ". Probes: " + probes + "\nLast log lines:\n  " + log;
        String remediation = diagnosis.remediation() + ". Its output is in " + view.logPath();
        return diagnosis.retryable() ? new DeploymentException(Agent.DEPLOYER, message, context, remediation)
                : DeploymentException.cannotSucceed(Agent.DEPLOYER, message, context, remediation);
    }

    private static Optional<String> command(Optional<Release> known) {
        return known.map(Release::startCommand);
    }

    private static Optional<FixedPort> fixedPort(Optional<Release> known) {
        return known.flatMap(Release::fixedPort);
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

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(Agent.DEPLOYER, "interrupted while waiting for the release to become healthy",
                    "Health-gating a release", "Run the deployment again with hivemind resume ID");
        }
    }
}
