package dev.hivemind.runtime.supervisor;

import dev.hivemind.runtime.agent.Adoption;
import dev.hivemind.runtime.agent.AgentSettings;
import dev.hivemind.runtime.agent.DesiredState;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.Listener;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.proxy.Backend;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One running replica of a release: its process group, its probes and its restarts. The startup probe gates it; once
 * it passed, the readiness probe (if any) takes it out of rotation and back, and the liveness probe (if any) restarts
 * it. A process that exits unexpectedly, before or after it was healthy, is restarted with backoff, for ever; one that
 * restarts too often is reported crash-looping ({@link Restarts}). A stopped instance is never restarted. An
 * instance adopted after an agent crash counts as healthy at once (it was before the crash); its exit code cannot be
 * read. {@code onChange} runs, outside this instance's lock, whenever readiness or the process changes.
 */
public final class Instance {
    static final int LOG_LINES = 20;
    /** While it is not ready: enough for a stack trace to reach back to the line that says why it failed. */
    static final int STARTING_LOG_LINES = 40;

    /**
     * What instances share: the prober, the scheduler for restarts, the settings, the clock, and the variables the
     * agent gives every instance (besides {@code PORT} and {@code HOST}).
     */
    record Tools(HealthProber prober, ScheduledExecutorService scheduler, AgentSettings settings, Clock clock,
                 Map<String, String> environment) { }

    private final ReleaseLaunch launch;
    private final int givenPort;
    private final Optional<NetworkNamespace> namespace;
    private final Confinement confinement;
    private final int replica;
    private final Backend backend;
    private final InstanceLog log;
    private final InstanceNotes notes;
    private final Tools tools;
    private final Consumer<Instance> onChange;
    private final ProbeHistory probes = new ProbeHistory();
    private final Restarts restarts;
    private final InstanceChecks checks;

    private InstanceState state = InstanceState.STARTING;
    private RunningProcess process;
    private Instant startedAt;
    private Integer exitCode;
    private boolean stopping;
    private int memoryKillsSeen;
    private HealthProber.Probing probing;

    /**
     * @param givenPort the {@code PORT} it gets (where it is probed first)
     * @param routed    the port the proxy reaches it on (an adopted instance's may differ from {@code givenPort})
     * @param namespace   its own network namespace, if it runs in one
     * @param confinement its user and limits ({@link Isolation})
     */
    Instance(ReleaseLaunch launch, int givenPort, int routed, Optional<NetworkNamespace> namespace,
             Confinement confinement, int replica, InstanceLog log, Tools tools, Consumer<Instance> onChange) {
        this.launch = launch;
        this.givenPort = givenPort;
        this.namespace = namespace;
        this.confinement = confinement;
        this.replica = replica;
        this.backend = new Backend(launch.releaseId(), namespace.map(NetworkNamespace::address).orElse("127.0.0.1"),
                routed);
        this.log = log;
        this.notes = new InstanceNotes(log, launch.releaseId(), replica);
        this.tools = tools;
        this.onChange = onChange;
        this.startedAt = tools.clock().instant();
        this.restarts = new Restarts(tools.settings().restartBackoff(), launch.policy().crashLoop());
        this.checks = new InstanceChecks(this, tools.prober(), probes);
    }

    public String releaseId() {
        return launch.releaseId();
    }

    ReleaseLaunch launch() {
        return launch;
    }

    /** The port the proxy reaches it on. */
    int port() {
        return backend.port();
    }

    public int replica() {
        return replica;
    }

    /** What the proxy routes to and counts in-flight requests on; the same object for the instance's whole life. */
    public Backend backend() {
        return backend;
    }

    InstanceLog log() {
        return log;
    }

    /** Passed its startup probe (and runs). */
    synchronized boolean healthy() {
        return !stopping && state == InstanceState.HEALTHY;
    }

    /** In rotation: healthy and its readiness probe does not fail. */
    public synchronized boolean ready() {
        return healthy() && checks.ready();
    }

    public synchronized boolean stopped() {
        return stopping || state == InstanceState.STOPPED;
    }

    public synchronized boolean running() {
        return !stopping && state != InstanceState.STOPPED;
    }

    synchronized boolean crashLooping() {
        return !stopping && restarts.crashLooping(tools.clock().instant());
    }

    /** Starts the process; throws when it cannot be spawned (missing directory, no setsid). */
    synchronized void start() throws IOException {
        RunningProcess started = RunningProcess.start(launch, givenPort, log.file(), tools.environment(), namespace,
                confinement);
        process = started;
        startedAt = tools.clock().instant();
        state = InstanceState.STARTING;
        notes.started(started.pid(), backend, namespace);
        probing = tools.prober().start(backend, launch.health(), probes,
                HealthProber.Outcome.of(passed -> startupDecided(started, passed), () -> lookForPort(started)));
        watch(started);
    }

    /** Takes over a process a previous agent started (and that passed {@link Adoption#decide}): no restart. */
    synchronized void adopt(ProcStat running) {
        RunningProcess adopted = RunningProcess.adopted(running);
        process = adopted;
        startedAt = ProcessHandle.of(running.pid()).flatMap(handle -> handle.info().startInstant())
                .orElse(tools.clock().instant());
        state = InstanceState.HEALTHY;
        notes.adopted(adopted.pid(), backend);
        checks.start(adopted, backend, launch.policy(), true);
        watch(adopted);
    }

    /** The pid, start time and port a restarted agent needs to adopt this instance; empty when nothing runs. */
    public synchronized Optional<DesiredState.RecordedInstance> recorded() {
        if (stopping || process == null) {
            return Optional.empty();
        }
        return process.record(backend.port(), replica, givenPort, namespace.map(NetworkNamespace::slot));
    }

    /** From now on the instance counts as stopped: it is out of rotation and will not be restarted. */
    public synchronized void retire() {
        stopping = true;
        if (probing != null) {
            probing.cancel();
        }
        checks.cancel();
        restarts.cancelPending();
    }

    /** SIGTERM to the process group, SIGKILL after the grace period; returns when the processes are gone. */
    void stop(Duration grace) {
        RunningProcess running;
        synchronized (this) {
            retire();
            running = process;
        }
        terminate(running, grace);
        synchronized (this) {
            process = null;
            state = InstanceState.STOPPED;
        }
        confinement.release();
        namespace.ifPresent(NetworkNamespace::delete);
    }

    /**
     * A startup probe of {@code started} got no healthy answer: when its processes listen on a port the proxy can reach
     * other than the one probed (an app that ignores {@code PORT}), probes and requests go there from now on.
     */
    private void lookForPort(RunningProcess started) {
        List<Listener> listening = sockets(started);
        Optional<Integer> elsewhere = ListeningSockets.reroute(listening, backend.port(), launch.network().appPort(),
                namespace.isPresent());
        synchronized (this) {
            if (started != process || stopping || elsewhere.isEmpty()) {
                return;
            }
            int was = backend.port();
            backend.port(elsewhere.get());
            notes.listensElsewhere(listening, was, givenPort, backend);
        }
    }

    private List<Listener> sockets(RunningProcess running) {
        return ListeningSockets.system().of(new ProcessGroup(confinement.processGroup(running.pid())));
    }

    /** What the instance is; its log's last lines are read outside its lock. */
    public InstanceView view() {
        InstanceView view;
        RunningProcess starting;
        synchronized (this) {
            starting = ready() ? null : process;
            view = new InstanceView(releaseId(), shownState(), backend.port(),
                    Optional.ofNullable(process).map(RunningProcess::pid), startedAt, restarts.count(),
                    Optional.ofNullable(exitCode), log.file().toString(), probes.snapshot(), List.of(), ready(),
                    crashLooping(), replica, backend.host(), givenPort, List.of(),
                    namespace.map(NetworkNamespace::name), confinement.user(),
                    confinement.memoryKills().orElse(0));
        }
        // what it listens on tells why it is not ready; /proc is read outside the lock
        List<Listener> listening = starting == null ? List.of() : sockets(starting);
        int lines = view.ready() ? LOG_LINES : STARTING_LOG_LINES;
        return view.withLastLogLines(log.lastLines(lines)).withListening(listening);
    }

    /** Stopped once retired; still starting until its readiness probe first passed. */
    private InstanceState shownState() {
        if (stopping) {
            return InstanceState.STOPPED;
        }
        return state == InstanceState.HEALTHY && !checks.admitted() ? InstanceState.STARTING : state;
    }

    /** The readiness probe changed its verdict on {@code of}. */
    void readinessChanged(RunningProcess of, boolean ready) {
        synchronized (this) {
            if (of != process || stopping) {
                return;
            }
            notes.readiness(ready);
        }
        onChange.accept(this);
    }

    /** The liveness probe failed on {@code of}: out of rotation, stopped with the grace period, started again. */
    void livenessFailed(RunningProcess of) {
        synchronized (this) {
            if (of != process || stopping) {
                return;
            }
            process = null; // its exit is ours, not a crash
            state = InstanceState.STARTING;
            checks.cancel();
            notes.livenessFailed();
        }
        onChange.accept(this);
        terminate(of, launch.policy().stopGrace());
        synchronized (this) {
            restart();
        }
    }

    private void terminate(RunningProcess running, Duration grace) {
        if (running == null) {
            return;
        }
        notes.stopping(running.pid(), grace);
        confinement.stop();
        new ProcessGroup(running.pid()).terminate(grace);
        confinement.killLeftovers();
        running.awaitReaped();
        synchronized (this) {
            running.exitCode().ifPresent(code -> exitCode = code);
        }
    }

    /** The startup probe's verdict on {@code started}, unless another process or a stop came meanwhile. */
    private void startupDecided(RunningProcess started, boolean passed) {
        if (transition(started, passed ? InstanceState.HEALTHY : InstanceState.UNHEALTHY)) {
            notes.startup(passed, launch.health());
            onChange.accept(this);
        }
    }

    private synchronized boolean transition(RunningProcess from, InstanceState to) {
        if (from != process || stopping) {
            return false;
        }
        state = to;
        if (to == InstanceState.HEALTHY) {
            checks.start(from, backend, launch.policy(), false);
        }
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
            checks.cancel();
        }
        // Whatever the command left behind in its group (or its cgroup) must not keep the port from the next process.
        new ProcessGroup(ended.pid()).kill();
        confinement.killLeftovers();
        synchronized (this) {
            if (ended != process || stopping) {
                return;
            }
            process = null;
            exitCode = ended.exitCode().orElse(null);
            boolean wasHealthy = state == InstanceState.HEALTHY;
            state = InstanceState.CRASHED;
            Duration uptime = Duration.between(startedAt, tools.clock().instant());
            Duration delay = restarts.schedule(tools.scheduler(), uptime, wasHealthy, () -> {
                synchronized (this) {
                    restart();
                }
            });
            String exit = ended.describeExit();
            int kills = confinement.memoryKills().orElse(0);
            if (kills > memoryKillsSeen) {
                exit += ", killed by the kernel for going over its memory limit of " + launch.policy().limits().memory();
                memoryKillsSeen = kills;
            }
            notes.exited(exit, uptime, delay);
        }
        onChange.accept(this);
    }

    /** Starts the process again; the caller holds this instance's lock. */
    private void restart() {
        if (stopping) {
            return;
        }
        if (restarts.add(tools.clock().instant())) {
            notes.crashLooping(restarts.describe());
        }
        try {
            start();
        } catch (IOException e) {
            state = InstanceState.CRASHED;
            notes.cannotRestart(e.getMessage());
        }
        // outside this lock: the listener takes the registry's lock, which is held while instances are viewed
        Thread.ofVirtual().name("respawned-" + releaseId()).start(() -> onChange.accept(this));
    }
}
