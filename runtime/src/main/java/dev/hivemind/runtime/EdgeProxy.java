package dev.hivemind.runtime;

import java.net.BindException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One app's public entry: a Jetty server on the app's public port whose reverse proxy sends every request to a backend
 * of its current {@link RouteTable}. Changing routes is one atomic reference swap; the backends that left can then be
 * drained.
 */
final class EdgeProxy implements AutoCloseable {
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);

    private final String app;
    private final Duration idleTimeout;
    private final AtomicReference<RouteTable> table = new AtomicReference<>(RouteTable.EMPTY);
    private Server server;
    private int port;
    private String bindAddress;

    private EdgeProxy(String app, int port, String bindAddress, Duration idleTimeout) {
        this.app = app;
        this.port = port;
        this.bindAddress = bindAddress;
        this.idleTimeout = idleTimeout;
    }

    /** Opens the proxy; a port in use is a conflict naming the port. */
    static EdgeProxy open(String app, int port, String bindAddress, Duration idleTimeout) {
        EdgeProxy proxy = new EdgeProxy(app, port, bindAddress, idleTimeout);
        proxy.server = proxy.listenOn(port, bindAddress);
        return proxy;
    }

    /** A proxy that could not bind (at agent start): it knows its address and listens after {@link #listen}. */
    static EdgeProxy closed(String app, int port, String bindAddress, Duration idleTimeout) {
        return new EdgeProxy(app, port, bindAddress, idleTimeout);
    }

    synchronized int port() {
        return port;
    }

    synchronized String bindAddress() {
        return bindAddress;
    }

    synchronized boolean listensOn(int wantedPort, String wantedAddress) {
        return server != null && port == wantedPort && bindAddress.equals(wantedAddress);
    }

    /** Moves the proxy to another address; when the new one cannot be bound the old one is restored. */
    synchronized void listen(int newPort, String newAddress) {
        if (listensOn(newPort, newAddress)) {
            return;
        }
        boolean wasListening = server != null;
        stopServer();
        try {
            server = listenOn(newPort, newAddress);
            port = newPort;
            bindAddress = newAddress;
        } catch (AgentError e) {
            if (wasListening) {
                server = listenOn(port, bindAddress);
            }
            throw e;
        }
    }

    /** Routes all new requests to {@code next}; returns the first backend that served before. */
    Optional<Backend> route(Backend next) {
        return firstBackend(routes(RouteTable.single(next)));
    }

    /** Routes new requests by {@code next}; returns the table that routed before. */
    RouteTable routes(RouteTable next) {
        return table.getAndSet(next);
    }

    /** The table new requests are routed by. */
    RouteTable routes() {
        return table.get();
    }

    /** Routes nothing any more: new requests get 503. */
    Optional<Backend> unroute() {
        return firstBackend(routes(RouteTable.EMPTY));
    }

    Optional<Backend> current() {
        return firstBackend(table.get());
    }

    private static Optional<Backend> firstBackend(RouteTable routes) {
        return routes.backends().stream().findFirst();
    }

    /** Waits until no request routed to {@code backend} is in flight, or the timeout passes; returns whether drained. */
    static boolean drain(Backend backend, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (backend.inFlight() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(DRAIN_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        stopServer();
    }

    private Server listenOn(int wantedPort, String wantedAddress) {
        QueuedThreadPool threads = new QueuedThreadPool(128, 4);
        threads.setName("edge-" + app);
        Server next = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(next, new HttpConnectionFactory(http));
        connector.setHost(wantedAddress);
        connector.setPort(wantedPort);
        next.addConnector(connector);
        next.setHandler(new BackendRouter(app, table, idleTimeout.toMillis()));
        try {
            next.start();
            return next;
        } catch (Exception e) {
            stopQuietly(next);
            throw cannotListen(wantedPort, wantedAddress, e);
        }
    }

    private AgentError cannotListen(int wantedPort, String wantedAddress, Exception e) {
        if (addressInUse(e)) {
            return AgentError.conflict("port " + wantedPort + " on " + wantedAddress + " is in use by another process;"
                    + " the edge proxy of app " + app + " cannot listen there");
        }
        return AgentError.badRequest("the edge proxy of app " + app + " cannot listen on " + wantedAddress + ":"
                + wantedPort + ": " + e.getMessage());
    }

    private static boolean addressInUse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind && String.valueOf(bind.getMessage()).contains("in use")) {
                return true;
            }
        }
        return false;
    }

    private void stopServer() {
        if (server != null) {
            stopQuietly(server);
            server = null;
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            System.getLogger(EdgeProxy.class.getName()).log(System.Logger.Level.WARNING,
                    "stopping an edge proxy failed: " + e.getMessage());
        }
    }
}
