package dev.hivemind.runtime.supervisor;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.runtime.agent.Adoption;
import dev.hivemind.runtime.agent.AgentSettings;
import dev.hivemind.runtime.agent.DesiredState;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.staticsite.StaticServerScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts, adopts and stops instances: picks each a free loopback port (or, for a release that asks for it, a network
 * namespace of its own, {@link NetworkNamespace}), points its output at
 * {@code agent/instances/<app>/<release>/output.log}, and rotates those logs periodically. Every instance gets
 * {@code HIVEMIND_STATIC_SERVER}, the agent's static file server ({@link StaticServerScript}), which static sites'
 * start commands run. As root, each instance runs as its app's own user with its limits ({@link Isolation}).
 */
public final class Supervisor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());

    private final HivemindHome home;
    private final Isolation isolation;
    private final AgentSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Instance.Tools tools;
    private final Set<Instance> live = ConcurrentHashMap.newKeySet();

    public Supervisor(HivemindHome home, AgentSettings settings, Clock clock) {
        Path staticServer = StaticServerScript.install(home.agent().resolve("bin"));
        this.isolation = Isolation.detect(home, StaticServerScript.needs(staticServer));
        LOG.log(System.Logger.Level.INFO, "app isolation: " + isolation.mode());
        this.home = home;
        this.settings = settings;
        this.scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("supervisor-", 0).daemon().factory());
        this.tools = new Instance.Tools(new HealthProber(clock), scheduler, settings, clock,
                Map.of(StaticServerScript.VARIABLE, staticServer.toString()));
        long every = settings.logs().checkEvery().toMillis();
        scheduler.scheduleWithFixedDelay(this::rotateLogs, every, every, TimeUnit.MILLISECONDS);
    }

    /** Starts a replica of the release; {@code onChange} runs each time its readiness or its process changes. */
    public Instance start(String app, ReleaseLaunch launch, int replica, Consumer<Instance> onChange) {
        if (!Files.isDirectory(launch.directory())) {
            throw new IllegalArgumentException("release directory " + launch.directory() + " of release "
                    + launch.releaseId() + " does not exist");
        }
        InstanceLog log = new InstanceLog(logFile(app, launch.releaseId(), replica)).prepare();
        Optional<NetworkNamespace> namespace = namespace(app, launch);
        int port = launch.network().appPort().filter(known -> namespace.isPresent()).orElseGet(this::freePort);
        Confinement confinement;
        try {
            confinement = isolation.confine(app, launch.directory(), launch.releaseId(), replica,
                    launch.policy().limits(), launch.policy().stopGrace());
        } catch (IOException e) {
            namespace.ifPresent(NetworkNamespace::delete);
            throw new UncheckedIOException("cannot start release " + launch.releaseId() + " of " + app + ": "
                    + e.getMessage(), e);
        }
        Instance instance = new Instance(launch, port, port, namespace, confinement, replica, log, tools, onChange);
        live.add(instance);
        try {
            instance.start();
            return instance;
        } catch (IOException e) {
            live.remove(instance);
            confinement.release();
            namespace.ifPresent(NetworkNamespace::delete);
            throw new UncheckedIOException("cannot start release " + launch.releaseId() + " of " + app + " ("
                    + launch.command() + "): " + e.getMessage(), e);
        }
    }

    /** A network namespace of its own for an instance of a release that asks for one. */
    private static Optional<NetworkNamespace> namespace(String app, ReleaseLaunch launch) {
        if (!launch.network().ownNamespace()) {
            return Optional.empty();
        }
        try {
            return Optional.of(NetworkNamespace.create());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start release " + launch.releaseId() + " of " + app + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Takes over a process that a previous agent started on {@code port} (see {@link Adoption}): it keeps running, its
     * log is rotated and its exit is handled like that of any instance.
     */
    public Instance adopt(String app, ReleaseLaunch launch, DesiredState.RecordedInstance recorded, ProcStat process,
                   Consumer<Instance> onChange) {
        InstanceLog log = new InstanceLog(logFile(app, launch.releaseId(), recorded.replica())).prepare();
        Instance instance = new Instance(launch, recorded.givenPort(), recorded.port(),
                recorded.namespace().map(NetworkNamespace::new),
                isolation.adopted(app, launch.releaseId(), recorded.replica(), process.pid(),
                        launch.policy().limits(), launch.policy().stopGrace()), recorded.replica(), log, tools,
                onChange);
        live.add(instance);
        instance.adopt(process);
        return instance;
    }

    /** How this agent keeps apps apart (decided when it started). */
    public Isolation isolation() {
        return isolation;
    }

    /** Releases what an instance recorded by an earlier agent held, when it is not adopted: its network namespace. */
    public void forget(DesiredState.RecordedInstance recorded) {
        recorded.namespace().map(NetworkNamespace::new).ifPresent(NetworkNamespace::deleteIfUnused);
    }

    /** Stops the instance with its release's grace period and waits until its processes are gone. */
    void stop(Instance instance) {
        stop(instance, instance.launch().policy().stopGrace());
    }

    private void stop(Instance instance, Duration grace) {
        try {
            instance.stop(grace);
        } finally {
            live.remove(instance);
        }
    }

    /**
     * Stops the instances in parallel; when the agent shuts down ({@code shutdown}) each gets at most the agent's stop
     * grace, else its release's.
     */
    public void stopAll(Collection<Instance> instances, boolean shutdown) {
        List<Thread> stopping = new ArrayList<>();
        for (Instance instance : instances) {
            Duration grace = instance.launch().policy().stopGrace();
            Duration limited = shutdown && settings.stopGrace().compareTo(grace) < 0 ? settings.stopGrace() : grace;
            stopping.add(Thread.ofVirtual().name("stop-" + instance.releaseId()).start(() -> stop(instance, limited)));
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code output.log} for replica 1 (as before replicas existed), {@code output-N.log} for replica N. */
    Path logFile(String app, String releaseId, int replica) {
        return home.agent().resolve("instances").resolve(app).resolve(releaseId)
                .resolve(replica == 1 ? "output.log" : "output-" + replica + ".log");
    }

    @Override
    public void close() {
        stopAll(List.copyOf(live), true);
        scheduler.shutdownNow();
        tools.prober().close();
    }

    private int freePort() {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free loopback port: " + e.getMessage(), e);
            }
            if (live.stream().noneMatch(instance -> instance.port() == port)) {
                return port;
            }
        }
    }

    private void rotateLogs() {
        for (Instance instance : live) {
            try {
                if (instance.log().rotateIfNeeded(settings.logs())) {
                    LOG.log(System.Logger.Level.DEBUG, "rotated {0}", instance.log().file());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "log rotation failed: " + e.getMessage());
            }
        }
    }
}
