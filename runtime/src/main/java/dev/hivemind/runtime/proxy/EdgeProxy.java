package dev.hivemind.runtime.proxy;

import dev.hivemind.runtime.client.AgentError;
import java.net.BindException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One app's public entry: a Jetty server on the app's public port whose reverse proxy sends every request to a backend
 * of its current {@link RouteTable}. Changing routes is one atomic reference swap; the backends that left can then be
 * drained. Every answer it gives, its own included, is counted in the proxy's {@link ProxyMetrics}; how long a request
 * may take and how many one instance may hold are its {@link ProxyLimits}.
 *
 * <p>With TLS the one public port speaks both: a connection that opens with a TLS handshake is served HTTPS with the
 * {@link HostCertificate}, one that opens in plain HTTP gets a 308 redirect to https (Jetty's detector connection).
 */
public final class EdgeProxy implements AutoCloseable {
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);
    /**
     * The proxy never blocks a thread on a backend (Jetty's proxy is asynchronous), so a few threads per core suffice;
     * a large pool hands each request to a different cold thread and spends the cores on waking them.
     */
    static final int MAX_THREADS = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
    private static final int MIN_THREADS = 4;

    private final String app;
    private final ProxyLimits limits;
    private final AtomicReference<RouteTable> table = new AtomicReference<>(RouteTable.EMPTY);
    private final ProxyMetrics metrics = new ProxyMetrics();
    private Server server;
    private int port;
    private String bindAddress;
    private Optional<HostCertificate> tls;

    private EdgeProxy(String app, int port, String bindAddress, ProxyLimits limits, Optional<HostCertificate> tls) {
        this.app = app;
        this.port = port;
        this.bindAddress = bindAddress;
        this.limits = limits;
        this.tls = tls;
    }

    /** Opens the proxy; a port in use is a conflict naming the port. */
    public static EdgeProxy open(String app, int port, String bindAddress, ProxyLimits limits) {
        return open(app, port, bindAddress, limits, Optional.empty());
    }

    /** Opens the proxy, serving HTTPS with the certificate when there is one. */
    public static EdgeProxy open(String app, int port, String bindAddress, ProxyLimits limits,
                          Optional<HostCertificate> tls) {
        EdgeProxy proxy = new EdgeProxy(app, port, bindAddress, limits, tls);
        proxy.server = proxy.listenOn(port, bindAddress, tls);
        return proxy;
    }

    /** A proxy that could not bind (at agent start): it knows its address and listens after {@link #listen}. */
    public static EdgeProxy closed(String app, int port, String bindAddress, ProxyLimits limits) {
        return closed(app, port, bindAddress, limits, Optional.empty());
    }

    public static EdgeProxy closed(String app, int port, String bindAddress, ProxyLimits limits,
                            Optional<HostCertificate> tls) {
        return new EdgeProxy(app, port, bindAddress, limits, tls);
    }

    /**
     * Builds (without starting) what a proxy is made of, so Jetty's, the logging's and the proxy's classes are loaded
     * and initialised: the agent does this on a second core while it reads desired.json after a crash, taking about
     * a fifth of a second off the time until its proxies listen.
     */
    public static void prepare() {
        Server server = new Server(new QueuedThreadPool(MAX_THREADS, MIN_THREADS));
        server.addConnector(connector(server, Optional.empty()));
        ProxyMetrics metrics = new ProxyMetrics();
        server.setHandler(new BackendRouter("prepare", new AtomicReference<>(RouteTable.EMPTY), ProxyLimits.defaults(),
                metrics, false));
        server.setErrorHandler(new ProxyErrorHandler(metrics));
    }

    /** The traffic this proxy routed, per release. */
    public ProxyMetrics metrics() {
        return metrics;
    }

    /** Whether the proxy serves HTTPS. */
    public synchronized boolean tls() {
        return tls.isPresent();
    }

    public synchronized int port() {
        return port;
    }

    public synchronized String bindAddress() {
        return bindAddress;
    }

    public synchronized boolean listensOn(int wantedPort, String wantedAddress) {
        return server != null && port == wantedPort && bindAddress.equals(wantedAddress);
    }

    /** Whether the proxy listens on the address, serving HTTPS exactly when {@code wantTls}. */
    public synchronized boolean listensOn(int wantedPort, String wantedAddress, boolean wantTls) {
        return listensOn(wantedPort, wantedAddress) && tls.isPresent() == wantTls;
    }

    /** Moves the proxy to another address; when the new one cannot be bound the old one is restored. */
    public synchronized void listen(int newPort, String newAddress) {
        listen(newPort, newAddress, tls);
    }

    /** Moves the proxy to another address or turns TLS on or off; on failure the old listener is restored. */
    public synchronized void listen(int newPort, String newAddress, Optional<HostCertificate> newTls) {
        if (listensOn(newPort, newAddress, newTls.isPresent())) {
            return;
        }
        boolean wasListening = server != null;
        stopServer();
        try {
            server = listenOn(newPort, newAddress, newTls);
            port = newPort;
            bindAddress = newAddress;
            tls = newTls;
        } catch (AgentError e) {
            if (wasListening) {
                server = listenOn(port, bindAddress, tls);
            }
            throw e;
        }
    }

    /** Routes new requests by {@code next}; returns the table that routed before. */
    public RouteTable routes(RouteTable next) {
        RouteTable before = table.getAndSet(next);
        metrics.forgetIdleExcept(next.routes().stream().map(Route::releaseId).collect(Collectors.toSet()));
        return before;
    }

    /** The table new requests are routed by. */
    public RouteTable routes() {
        return table.get();
    }

    /** Waits until no request routed to {@code backend} is in flight, or the timeout passes; returns whether drained. */
    public static boolean drain(Backend backend, Duration timeout) {
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

    private Server listenOn(int wantedPort, String wantedAddress, Optional<HostCertificate> certificate) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("edge-" + app);
        Server next = new Server(threads);
        ServerConnector connector = connector(next, certificate);
        connector.setHost(wantedAddress);
        connector.setPort(wantedPort);
        next.addConnector(connector);
        next.setHandler(new BackendRouter(app, table, limits, metrics, certificate.isPresent()));
        next.setErrorHandler(new ProxyErrorHandler(metrics));
        try {
            next.start();
            return next;
        } catch (Exception e) {
            stopQuietly(next);
            throw cannotListen(wantedPort, wantedAddress, e);
        }
    }

    private static ServerConnector connector(Server server, Optional<HostCertificate> certificate) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        if (certificate.isEmpty()) {
            return new ServerConnector(server, new HttpConnectionFactory(http));
        }
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach the host by IP address, by localhost or by its name alike
        http.addCustomizer(secure);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        SslContextFactory.Server context = new SslContextFactory.Server();
        String password = password();
        context.setKeyStore(certificate.get().keyStore(password.toCharArray()));
        context.setKeyStorePassword(password);
        context.setSniRequired(false);
        SslConnectionFactory tls = new SslConnectionFactory(context, plain.getProtocol());
        return new ServerConnector(server, new DetectorConnectionFactory(tls), plain);
    }

    private static String password() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
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
