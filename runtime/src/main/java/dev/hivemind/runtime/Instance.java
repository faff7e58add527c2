package dev.hivemind.runtime;

import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One running release: its process group, its health probing and its restarts. A process that exits before the
 * instance ever became healthy leaves it {@code crashed}; one that exits later is restarted with backoff. A stopped
 * instance is never restarted.
 */
final class Instance {
    static final int LOG_LINES = 20;

    /** What instances share: the prober, the scheduler for restarts, the settings and the clock. */
    record Tools(HealthProber prober, ScheduledExecutorService scheduler, AgentSettings settings, Clock clock) { }

    private final ReleaseLaunch launch;
    private final int port;
    private final InstanceLog log;
    private final Tools tools;
    private final Consumer<Instance> onHealthy;
    private final ProbeHistory probes = new ProbeHistory();

    private InstanceState state = InstanceState.STARTING;
    private Process process;
    private Instant startedAt;
    private int restarts;
    private Integer exitCode;
    private boolean established;
    private boolean stopping;
    private int crashStreak;
    private HealthProber.Probing probing;
    private ScheduledFuture<?> pendingRestart;

    Instance(ReleaseLaunch launch, int port, InstanceLog log, Tools tools, Consumer<Instance> onHealthy) {
        this.launch = launch;
        this.port = port;
        this.log = log;
        this.tools = tools;
        this.onHealthy = onHealthy;
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
        Process started = spawn();
        process = started;
        startedAt = tools.clock().instant();
        state = InstanceState.STARTING;
        log.note("started release " + releaseId() + " as pid " + started.pid() + " on 127.0.0.1:" + port);
        probing = tools.prober().start(port, launch.health(), probes, outcomeOf(started));
        started.onExit().thenRunAsync(() -> exited(started),
                task -> Thread.ofVirtual().name("exit-" + started.pid()).start(task));
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
        Process running;
        synchronized (this) {
            retire();
            running = process;
        }
        if (running != null) {
            log.note("stopping: SIGTERM to process group " + running.pid() + ", SIGKILL after " + grace.toMillis() + " ms");
            new ProcessGroup(running.pid()).terminate(grace);
            awaitExit(running);
        }
        synchronized (this) {
            if (running != null && !running.isAlive()) {
                exitCode = running.exitValue();
            }
            process = null;
            state = InstanceState.STOPPED;
        }
    }

    InstanceView view() {
        InstanceView view;
        synchronized (this) {
            view = new InstanceView(releaseId(), stopping ? InstanceState.STOPPED : state, port,
                    Optional.ofNullable(process).map(Process::pid), startedAt, restarts, Optional.ofNullable(exitCode),
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
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("HOST", "127.0.0.1");
        return builder.start();
    }

    private HealthProber.Outcome outcomeOf(Process started) {
        return new HealthProber.Outcome() {
            @Override
            public void healthy() {
                if (transition(started, InstanceState.HEALTHY)) {
                    log.note("release " + releaseId() + " passed its health probes on " + launch.health().path());
                    onHealthy.accept(Instance.this);
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

    private synchronized boolean transition(Process from, InstanceState to) {
        if (from != process || stopping) {
            return false;
        }
        state = to;
        established |= to == InstanceState.HEALTHY;
        return true;
    }

    private void exited(Process ended) {
        synchronized (this) {
            if (ended != process || stopping) {
                return;
            }
            probing.cancel();
        }
        // Whatever the command left behind in its group must not keep the port from the next process.
        new ProcessGroup(ended.pid()).kill();
        synchronized (this) {
            if (ended != process || stopping) {
                return;
            }
            process = null;
            exitCode = ended.exitValue();
            if (!established) {
                state = InstanceState.CRASHED;
                log.note("release " + releaseId() + " exited with code " + exitCode + " before it became healthy");
                return;
            }
            scheduleRestart(Duration.between(startedAt, tools.clock().instant()));
        }
    }

    private void scheduleRestart(Duration uptime) {
        Backoff backoff = tools.settings().restartBackoff();
        if (backoff.resetsAfter(uptime)) {
            crashStreak = 0;
        }
        Duration delay = backoff.delay(crashStreak++);
        state = InstanceState.STARTING;
        log.note("release " + releaseId() + " exited with code " + exitCode + "; restarting in " + delay.toMillis() + " ms");
        pendingRestart = tools.scheduler().schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart() {
        if (stopping) {
            return;
        }
        restarts++;
        try {
            start();
        } catch (IOException e) {
            state = InstanceState.CRASHED;
            log.note("cannot restart release " + releaseId() + ": " + e.getMessage());
        }
    }

    private static void awaitExit(Process process) {
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the group is gone (checked in /proc); the JVM reaps the leader on its own schedule
        }
    }
}
