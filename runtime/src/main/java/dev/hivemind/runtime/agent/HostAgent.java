package dev.hivemind.runtime.agent;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.BackingService;
import dev.hivemind.runtime.proxy.EdgeProxy;
import dev.hivemind.runtime.supervisor.ProcStat;
import dev.hivemind.runtime.supervisor.Supervisor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The host agent: supervises app instances, runs one edge proxy per app and answers its HTTP/JSON API on
 * {@code HIVEMIND_HOME/agent/agent.sock} (0600). On start it brings back the apps in {@code agent/desired.json}, each
 * app's {@link BackingService}s (its database) before its instances; on
 * close it stops every instance gracefully and closes the proxies, keeping desired.json for the next start.
 *
 * <p>Instances run in their own process groups and outlive an agent that dies without closing (SIGKILL, OOM). The
 * next agent adopts each recorded instance that still runs (same pid, same start time, still its group's leader)
 * instead of starting it again, and routes traffic to it before it answers on its socket; see {@link Adoption}.
 *
 * <p>{@link #run} is the foreground process ({@code hivemind agent run}); {@link #start}/{@link #close} run an agent
 * inside another program, as the tests do.
 */
public final class HostAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HostAgent.class.getName());

    private final HivemindHome home;
    private final Instant startedAt;
    private final Supervisor supervisor;
    private final AppRegistry registry;
    private final Server api;
    private final AgentLock lock;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private HostAgent(HivemindHome home, AgentSettings settings, AgentLock lock, DesiredStateStore store,
                      DesiredState desired, boolean announce) {
        long began = System.nanoTime();
        this.home = home;
        this.lock = lock;
        this.startedAt = Instant.now();
        this.supervisor = new Supervisor(home, settings, Clock.systemUTC());
        this.registry = new AppRegistry(supervisor, store, settings);
        try {
            registry.restore(desired);
            Duration serving = Duration.ofNanos(System.nanoTime() - began);
            this.api = startApi();
            AgentFiles.writeAtomically(pidFile(home), (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));
            if (announce) {
                logReady(desired, serving, Duration.ofNanos(System.nanoTime() - began));
                Thread.ofPlatform().daemon().name("hivemind-agent-strays").start(() -> StrayInstances.stop(home,
                        instanceGroups(), Duration.ofNanos(System.nanoTime() - began)));
            }
        } catch (RuntimeException e) {
            registry.close();
            supervisor.close();
            throw e;
        }
    }

    /** Runs the agent with its default settings until it is asked to shut down (API call or SIGTERM). */
    public static void run(HivemindHome home) {
        serve(start(home));
    }

    /**
     * Runs as one of the agents of the home's {@link AgentSupervisor}: serves at once when no agent does; otherwise
     * loads every class a takeover needs ({@link AgentRehearsal}), then waits for the agent serving now to be gone (its lock, {@link AgentLock}), however it ends, and takes over at once, adopting
     * its instances; returns without serving when the supervisor was switched off meanwhile ({@code agent stop}).
     */
    public static void standBy(HivemindHome home) {
        AgentFiles.directory(home.root());
        AgentFiles.directory(home.agent());
        AgentLock lock = AgentLock.tryTake(home).orElseGet(() -> {
            AgentRehearsal.run(home);
            AgentSupervisor.standingBy(home);
            // logged now, not at the takeover: the first line a JVM logs sets its logging up, which takes a while
            LOG.log(System.Logger.Level.INFO, "host agent " + ProcessHandle.current().pid() + " standing by, ready to"
                    + " take over from the agent serving " + home.root());
            return AgentLock.await(home);
        });
        if (!AgentSupervisor.switchedOn(home)) {
            lock.close();
            LOG.log(System.Logger.Level.INFO, "host agent " + ProcessHandle.current().pid() + " standing by: the "
                    + "supervisor was switched off, not taking over");
            return;
        }
        LOG.log(System.Logger.Level.INFO, "host agent " + ProcessHandle.current().pid() + " taking over");
        serve(start(home, AgentSettings.defaults(), lock, true));
    }

    private static void serve(HostAgent agent) {
        HivemindHome home = agent.home;
        Thread hook = new Thread(agent::close, "hivemind-agent-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.log(System.Logger.Level.INFO, "host agent " + ProcessHandle.current().pid() + " listening on "
                + home.agentSocket());
        agent.awaitShutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM: the hook is running (or ran) close() already
        }
    }

    /** Starts an agent with the default settings. */
    public static HostAgent start(HivemindHome home) {
        return start(home, AgentSettings.defaults());
    }

    /**
     * Starts an agent: refuses when another agent answers on the socket, removes a stale socket, restores the desired
     * apps, then listens on the socket and writes {@code agent/agent.pid}.
     */
    public static HostAgent start(HivemindHome home, AgentSettings settings) {
        AgentFiles.directory(home.root());
        AgentFiles.directory(home.agent());
        AgentLock lock = AgentLock.tryTake(home).orElseThrow(() -> AgentSocket.alreadyRunning(home.agentSocket(),
                pidFile(home)));
        Thread.ofPlatform().daemon().name("hivemind-agent-prepare").start(EdgeProxy::prepare);
        return start(home, settings, lock, true);
    }

    /**
     * Starts an agent holding {@code lock}; {@code announce} false leaves the agent's log alone (a rehearsal's agent,
     * {@link AgentRehearsal}).
     */
    static HostAgent start(HivemindHome home, AgentSettings settings, AgentLock lock, boolean announce) {
        try {
            AgentSocket.claim(home.agentSocket(), pidFile(home));
            DesiredStateStore store = new DesiredStateStore(home.agent().resolve("desired.json"));
            return new HostAgent(home, settings, lock, store, store.load(), announce);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public AgentStatus status() {
        return new AgentStatus(ProcessHandle.current().pid(), startedAt, home.root().toString(), registry.names());
    }

    /** The process groups of the instances this agent runs (each instance leads its own). */
    private java.util.Set<Long> instanceGroups() {
        return registry.names().stream().flatMap(name -> registry.app(name).stream())
                .flatMap(app -> app.releases().stream()).flatMap(release -> release.instances().stream())
                .flatMap(instance -> instance.pid().stream()).collect(java.util.stream.Collectors.toSet());
    }

    /** The public port of the app's proxy, if the agent serves the app. */
    Optional<Integer> proxyPort(String app) {
        return registry.app(app).map(AppView::publicPort);
    }

    public Path socket() {
        return home.agentSocket();
    }

    /** Shuts the agent down in the background (the API's {@code POST /v1/shutdown}). */
    public void requestShutdown() {
        Thread.ofPlatform().name("hivemind-agent-shutdown").start(this::close);
    }

    /** Blocks until the agent has shut down. */
    public void awaitShutdown() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    /** Stops the API, every instance (gracefully) and every proxy; idempotent; desired.json is kept. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitShutdown();
            return;
        }
        try {
            stopApi();
            registry.close();
            supervisor.close();
            deletePidFile();
        } finally {
            lock.close();
            closed.countDown();
        }
    }

    /** How long restoring took, so the time from a crash to traffic being served again can be read off the log. */
    private void logReady(DesiredState desired, Duration serving, Duration listening) {
        String sinceProcessStart = ProcStat.read(ProcessHandle.current().pid()).flatMap(ProcStat::age)
                .map(age -> ", " + age.toMillis() + " ms after its process started").orElse("");
        LOG.log(System.Logger.Level.INFO, "host agent " + ProcessHandle.current().pid() + " restored "
                + desired.apps().size() + " app(s): proxies serving " + serving.toMillis() + " ms after it began"
                + " starting, API listening after " + listening.toMillis() + " ms" + sinceProcessStart);
    }

    private Server startApi() {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("agent-api");
        Server server = new Server(threads);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory());
        connector.setUnixDomainPath(home.agentSocket());
        server.addConnector(connector);
        server.setHandler(new AgentApi(registry, this::status, this::requestShutdown));
        try {
            server.start();
            Files.setPosixFilePermissions(home.agentSocket(), PrivateFiles.FILE);
            return server;
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot listen on " + home.agentSocket() + ": " + e.getMessage(), e);
        }
    }

    private void stopApi() {
        try {
            api.stop();
            Files.deleteIfExists(home.agentSocket());
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the agent API failed: " + e.getMessage());
        }
    }

    private void deletePidFile() {
        try {
            Path file = pidFile(home);
            if (Files.exists(file) && Files.readString(file).strip().equals(String.valueOf(ProcessHandle.current().pid()))) {
                Files.delete(file);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + pidFile(home) + ": " + e.getMessage());
        }
    }

    static Path pidFile(HivemindHome home) {
        return home.agent().resolve("agent.pid");
    }
}
