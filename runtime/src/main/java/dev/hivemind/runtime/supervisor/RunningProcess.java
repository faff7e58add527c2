package dev.hivemind.runtime.supervisor;

import dev.hivemind.api.host.CleanEnvironment;
import dev.hivemind.runtime.agent.DesiredState;
import dev.hivemind.runtime.client.ReleaseLaunch;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The process of an instance: either a child this agent spawned, or one it adopted after a crash of the agent that
 * spawned it. An adopted process is not our child, so its exit code cannot be read.
 *
 * @param pid        the process (and process group) id
 * @param startTicks its start time from {@code /proc/<pid>/stat}, empty when it exited before it could be read
 * @param child      the {@link Process} when this agent spawned it
 */
record RunningProcess(long pid, Optional<Long> startTicks, Optional<Process> child) {
    /** How often an adopted process is checked in /proc: a zombie nobody reaps never completes {@code onExit()}. */
    private static final Duration ADOPTED_POLL = Duration.ofMillis(200);

    /** The umask an instance starts with, whatever the agent's own (077). */
    static final String UMASK = "umask 022; ";

    /**
     * Starts the release's command under {@code setsid} (its own process group) in its directory, with the umask 022 and
     * {@link #environment exactly its environment}, its output appended to {@code log}; in {@code namespace} when it
     * has one ({@code nsenter} execs the shell, so the pid is still the group's); confined (its app's user, its cgroup or
     * rlimits) by {@code confinement}, whose wrappers exec as well.
     */
    static RunningProcess start(ReleaseLaunch launch, int port, Path log, Map<String, String> agentVariables,
                                Optional<NetworkNamespace> namespace, Confinement confinement) throws IOException {
        Map<String, String> environment = environment(launch, port, agentVariables, namespace.isPresent());
        List<String> command = confinement.command(List.of("/bin/sh", "-c", UMASK + launch.command()),
                launch.directory(), environment, namespace);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.directory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return spawned(builder.start());
    }

    /**
     * An instance's whole environment, nothing of the agent's own: the base ({@link CleanEnvironment#appBase}), the
     * release's variables over it, the agent's variables ({@code HIVEMIND_STATIC_SERVER}), {@code PORT} and
     * {@code HOST}: {@code 127.0.0.1}, or {@code 0.0.0.0} in an own namespace, whose every address only the proxy
     * reaches.
     */
    static Map<String, String> environment(ReleaseLaunch launch, int port, Map<String, String> agentVariables,
                                           boolean ownNamespace) {
        Map<String, String> environment = new HashMap<>(CleanEnvironment.appBase(System.getenv(), launch.directory()));
        environment.putAll(launch.environment());
        environment.putAll(agentVariables);
        environment.put("PORT", String.valueOf(port));
        environment.put("HOST", ownNamespace ? "0.0.0.0" : "127.0.0.1");
        return environment;
    }

    static RunningProcess spawned(Process process) {
        return new RunningProcess(process.pid(), ProcStat.read(process.pid()).map(ProcStat::startTicks),
                Optional.of(process));
    }

    static RunningProcess adopted(ProcStat process) {
        return new RunningProcess(process.pid(), Optional.of(process.startTicks()), Optional.empty());
    }

    boolean adopted() {
        return child.isEmpty();
    }

    /** The exit code once a spawned process has exited; always empty for an adopted one. */
    /** How it ended, for the instance's log: its exit code, or why that is unknown. */
    String describeExit() {
        return exitCode().map(code -> "exited with code " + code)
                .orElse("exited (exit code unknown: pid " + pid + " was adopted, not spawned, by this agent)");
    }

    Optional<Integer> exitCode() {
        return child.filter(process -> !process.isAlive()).map(Process::exitValue);
    }

    /** What desired.json records so that a restarted agent can adopt this process. */
    Optional<DesiredState.RecordedInstance> record(int port, int replica, int givenPort, Optional<Integer> namespace) {
        return startTicks.map(ticks -> new DesiredState.RecordedInstance(pid, ticks, port, replica, givenPort,
                namespace));
    }

    /** Completes when the process has exited: the child's own exit, or for an adopted one onExit() or /proc. */
    CompletableFuture<Void> onExit(ScheduledExecutorService scheduler) {
        if (child.isPresent()) {
            return child.get().onExit().thenApply(process -> null);
        }
        CompletableFuture<Void> exited = new CompletableFuture<>();
        ProcessHandle.of(pid).ifPresentOrElse(handle -> handle.onExit().thenRun(() -> exited.complete(null)),
                () -> exited.complete(null));
        long every = ADOPTED_POLL.toMillis();
        ScheduledFuture<?> polling = scheduler.scheduleWithFixedDelay(() -> {
            if (!stillRunning()) {
                exited.complete(null);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        exited.whenComplete((done, failure) -> polling.cancel(false));
        return exited;
    }

    /** Waits (up to 5 s) until the JVM has reaped a spawned child; an adopted process is not ours to reap. */
    void awaitReaped() {
        child.ifPresent(process -> {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the group is gone (checked in /proc); the JVM reaps the leader on its own schedule
            }
        });
    }

    private boolean stillRunning() {
        return ProcStat.read(pid).filter(stat -> !stat.exited() && startTicks.equals(Optional.of(stat.startTicks())))
                .isPresent();
    }
}
