package dev.hivemind.runtime;

import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One running release: its process group, its health probing and its restarts. A process that exits before the
 * instance ever became healthy leaves it {@code crashed}; one that exits later is restarted with backoff. A stopped
 * instance is never restarted. An instance adopted after an agent crash counts as healthy at once (it was before the
 * crash); its exit code cannot be read, so any exit of it is an unexpected one, restarted like a crash.
 */
final class Instance {
    static final int LOG_LINES = 20;

    /**
     * What instances share: the prober, the scheduler for restarts, the settings, the clock, and the variables the
     * agent gives every instance (besides {@code PORT} and {@code HOST}).
     */
    record Tools(HealthProber prober, ScheduledExecutorService scheduler, AgentSettings settings, Clock clock,
                 Map<String, String> environment) { }

    private final ReleaseLaunch launch;
    private final int port;
    private final InstanceLog log;
    private final Tools tools;
    private final Consumer<Instance> onChange;
    private final ProbeHistory probes = new ProbeHistory();

    private InstanceState state = InstanceState.STARTING;
    private RunningProcess process;
    private Instant startedAt;
    private int restarts;
    private Integer exitCode;
    private boolean established;
    private boolean stopping;
    private int crashStreak;
    private HealthProber.Probing probing;
    private ScheduledFuture<?> pendingRestart;

    Instance(ReleaseLaunch launch, int port, InstanceLog log, Tools tools, Consumer<Instance> onChange) {
        this.launch = launch;
        this.port = port;
        this.log = log;
        this.tools = tools;
        this.onChange = onChange;
        this.startedAt = tools.clock().instant();
    }

    String releaseId() {
        return launch.releaseId();
    }

    ReleaseLaunch launch() {
        return launch;
    }

    int port() {
        return port;
    }

    InstanceLog log() {
        return log;
    }

    synchronized boolean healthy() {
        return !stopping && state == InstanceState.HEALTHY;
    }

    synchronized boolean stopped() {
        return stopping || state == InstanceState.STOPPED;
    }

    synchronized boolean running() {
        return !stopping && (state == InstanceState.STARTING || state == InstanceState.HEALTHY);
    }

    /** Starts the process; throws when it cannot be spawned (missing directory, no setsid). */
    synchronized void start() throws IOException {
        RunningProcess started = RunningProcess.spawned(spawn());
        process = started;
        startedAt = tools.clock().instant();
        state = InstanceState.STARTING;
        log.note("started release " + releaseId() + " as pid " + started.pid() + " on 127.0.0.1:" + port);
        probing = tools.prober().start(port, launch.health(), probes, outcomeOf(started));
        watch(started);
    }

    /** Takes over a process a previous agent started (and that passed {@link Adoption#decide}): no restart, no probes. */
    synchronized void adopt(ProcStat running) {
        RunningProcess adopted = RunningProcess.adopted(running);
        process = adopted;
        startedAt = ProcessHandle.of(running.pid()).flatMap(handle -> handle.info().startInstant())
                .orElse(tools.clock().instant());
        state = InstanceState.HEALTHY;
        established = true;
        log.note("adopted release " + releaseId() + " as pid " + adopted.pid() + " on 127.0.0.1:" + port
                + " after the agent restarted");
        watch(adopted);
    }

    /** The pid, start time and port a restarted agent needs to adopt this instance; empty when nothing runs. */
    synchronized Optional<DesiredState.RecordedInstance> recorded() {
        if (stopping || process == null) {
            return Optional.empty();
        }
        return process.record(port);
    }

    /** From now on the instance counts as stopped: it is no longer healthy and will not be restarted. */
    synchronized void retire() {
        stopping = true;
        if (probing != null) {
            probing.cancel();
        }
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
        }
    }

    /** SIGTERM to the process group, SIGKILL after the grace period; returns when the processes are gone. */
    void stop(Duration grace) {
        RunningProcess running;
        synchronized (this) {
            retire();
            running = process;
        }
        if (running != null) {
            log.note("stopping: SIGTERM to process group " + running.pid() + ", SIGKILL after " + grace.toMillis() + " ms");
            new ProcessGroup(running.pid()).terminate(grace);
            running.awaitReaped();
        }
        synchronized (this) {
            if (running != null) {
                running.exitCode().ifPresent(code -> exitCode = code);
            }
            process = null;
            state = InstanceState.STOPPED;
        }
    }

    InstanceView view() {
        InstanceView view;
        synchronized (this) {
            view = new InstanceView(releaseId(), stopping ? InstanceState.STOPPED : state, port,
                    Optional.ofNullable(process).map(RunningProcess::pid), startedAt, restarts, Optional.ofNullable(exitCode),
                    log.file().toString(), probes.snapshot(), List.of());
        }
        return new InstanceView(view.releaseId(), view.state(), view.port(), view.pid(), view.startedAt(),
                view.restarts(), view.exitCode(), view.logPath(), view.probes(), log.lastLines(LOG_LINES));
    }

    private Process spawn() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/sh", "-c", launch.command())
                .directory(launch.directory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()));
        builder.environment().putAll(launch.environment());
        builder.environment().putAll(tools.environment());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("HOST", "127.0.0.1");
        return builder.start();
    }

    private HealthProber.Outcome outcomeOf(RunningProcess started) {
        return new HealthProber.Outcome() {
            @Override
            public void healthy() {
                if (transition(started, InstanceState.HEALTHY)) {
                    log.note("release " + releaseId() + " passed its health probes on " + launch.health().path());
                    onChange.accept(Instance.this);
                }
            }

            @Override
            public void unhealthy() {
                if (transition(started, InstanceState.UNHEALTHY)) {
                    log.note("release " + releaseId() + " did not pass its health probes on " + launch.health().path()
                            + " within " + launch.health().startupDeadline().toMillis() + " ms");
                }
            }
        };
    }

    private synchronized boolean transition(RunningProcess from, InstanceState to) {
        if (from != process || stopping) {
            return false;
        }
        state = to;
        established |= to == InstanceState.HEALTHY;
        return true;
    }

    private void watch(RunningProcess running) {
        running.onExit(tools.scheduler()).thenRunAsync(() -> exited(running),
                task -> Thread.ofVirtual().name("exit-" + running.pid()).start(task));
    }

    private void exited(RunningProcess ended) {
        synchronized (this) {
            if (ended != process || stopping) {
                return;
            }
            if (probing != null) {
                probing.cancel();
            }
        }
        // Whatever the command left behind in its group must not keep the port from the next process.
        new ProcessGroup(ended.pid()).kill();
        synchronized (this) {
            if (ended != process || stopping) {
                return;
            }
            process = null;
            exitCode = ended.exitCode().orElse(null);
            if (!established) {
                state = InstanceState.CRASHED;
                log.note("release " + releaseId() + " " + exitDescription(ended) + " before it became healthy");
                return;
            }
            scheduleRestart(Duration.between(startedAt, tools.clock().instant()), exitDescription(ended));
        }
    }

    private static String exitDescription(RunningProcess ended) {
        return ended.exitCode().map(code -> "exited with code " + code)
                .orElse("exited (exit code unknown: pid " + ended.pid() + " was adopted, not spawned, by this agent)");
    }

    private void scheduleRestart(Duration uptime, String exit) {
        Backoff backoff = tools.settings().restartBackoff();
        if (backoff.resetsAfter(uptime)) {
            crashStreak = 0;
        }
        Duration delay = backoff.delay(crashStreak++);
        state = InstanceState.STARTING;
        log.note("release " + releaseId() + " " + exit + "; restarting in " + delay.toMillis() + " ms");
        pendingRestart = tools.scheduler().schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart() {
        if (stopping) {
            return;
        }
        restarts++;
        try {
            start();
            // outside this lock: the listener takes the registry's lock, which is held while instances are viewed
            Thread.ofVirtual().name("respawned-" + releaseId()).start(() -> onChange.accept(this));
        } catch (IOException e) {
            state = InstanceState.CRASHED;
            log.note("cannot restart release " + releaseId() + ": " + e.getMessage());
        }
    }
}
