package dev.hivemind.runtime.staticsite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves a static site's directory over HTTP: {@code index.html} for a directory, content types from the file
 * names, ETags and ranges, no directory listings, no hidden files, no server version, {@code Cache-Control} by kind of file (see
 * {@link StaticSitePolicy}) and 404 for anything missing. It runs as an app instance of its own, started by the agent
 * through {@link StaticServerScript} like any start command, so supervision, health checks, blue-green switches
 * and adoption treat it as any app. SIGTERM stops it gracefully: requests in flight finish (up to
 * {@link #STOP_TIMEOUT}) before the JVM exits.
 */
public final class StaticSiteServer implements AutoCloseable {
    /** How long a stop waits for the requests in flight. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Server server;
    private final Path root;

    private StaticSiteServer(Server server, Path root) {
        this.server = server;
        this.root = root;
    }

    /**
     * {@code StaticSiteServer DIRECTORY}: serves DIRECTORY (relative to the working directory) on
     * {@code HOST:PORT} from the environment, {@code HOST} defaulting to 127.0.0.1, until SIGTERM.
     */
    public static void main(String[] args) {
        Optional<String> invalid = invalidArguments(args, System.getenv());
        if (invalid.isPresent()) {
            System.err.println("hivemind-static: " + invalid.get());
            System.err.println("usage: PORT=8080 [HOST=127.0.0.1] hivemind-static DIRECTORY");
            System.exit(2);
        }
        Map<String, String> environment = System.getenv();
        StaticSiteServer site = start(Path.of(args[0]), environment.getOrDefault("HOST", "127.0.0.1"),
                Integer.parseInt(environment.get("PORT")));
        site.server.setStopAtShutdown(true);
        System.out.println("hivemind-static: serving " + site.root + " on http://"
                + environment.getOrDefault("HOST", "127.0.0.1") + ":" + site.port());
        try {
            site.server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why the arguments or environment cannot start a server, if they cannot. */
    static Optional<String> invalidArguments(String[] args, Map<String, String> environment) {
        if (args.length != 1) {
            return Optional.of("expected one argument, the directory to serve; got " + args.length);
        }
        if (!Files.isDirectory(Path.of(args[0]))) {
            return Optional.of("there is no directory " + Path.of(args[0]).toAbsolutePath().normalize()
                    + " to serve");
        }
        String port = environment.getOrDefault("PORT", "");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
            return Optional.of("PORT must be a port number (0 to 65535); it is '" + port + "'");
        }
        return Optional.empty();
    }

    /** Starts serving {@code directory} on {@code host:port} ({@code 0}: any free port). */
    static StaticSiteServer start(Path directory, String host, int port) {
        Path root = realPath(directory);
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("static");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
        server.setHandler(new GracefulHandler(site(root)));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server, e);
            throw new IllegalStateException("cannot serve " + root + " on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return new StaticSiteServer(server, root);
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(((ServerConnector) server.getConnectors()[0]).getHost(), port());
    }

    /** Stops gracefully: no new connections, requests in flight finish. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the static file server of " + root + ": "
                    + e.getMessage(), e);
        }
    }

    private static ContextHandler site(Path root) {
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.root().newResource(root));
        files.setDirAllowed(false);
        files.setWelcomeFiles(StaticSitePolicy.INDEX);
        files.setWelcomeMode(ResourceService.WelcomeMode.SERVE);
        files.setEtags(true);
        files.setAcceptRanges(true);
        files.setUseFileMapping(false);
        ContextHandler context = new ContextHandler(new StaticSitePolicy(root, files), "/");
        context.setBaseResourceAsPath(root);
        return context;
    }

    private static Path realPath(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + directory.toAbsolutePath().normalize() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void stopQuietly(Server server, Exception failure) {
        try {
            server.stop();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
