package dev.hivemind.engine;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A real HTTP server on a free loopback port: paths under {@code /ok} answer 200, every other path 503. */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    public HealthServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
        server.createContext("/", exchange -> {
            int status = exchange.getRequestURI().getPath().startsWith("/ok") ? 200 : 503;
            byte[] body = (status == 200 ? "ok" : "unavailable").getBytes();
            exchange.sendResponseHeaders(status, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
