package dev.hivemind.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Answers / with its version and /health for the probes; listens on PORT (8080 by default) at HOST. */
public final class App {
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    private static final String HOST = System.getenv().getOrDefault("HOST", "127.0.0.1");
    private static final String VERSION = System.getenv().getOrDefault("APP_VERSION", "v1");

    private App() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(HOST, PORT), 0);
        ExecutorService workers = Executors.newFixedThreadPool(8);
        server.setExecutor(workers);
        server.createContext("/health", exchange -> answer(exchange, 200, "application/json",
                "{\"status\": \"ok\"}"));
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/")) {
                answer(exchange, 200, "text/plain", "Hello from java-maven " + VERSION + "\n");
            } else {
                answer(exchange, 404, "text/plain", "not found\n");
            }
        });
        // On SIGTERM: stop accepting, let requests in flight finish (up to 5 s), then exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(5);
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }, "graceful-stop"));
        server.start();
        System.out.println("java-maven " + VERSION + " listening on http://" + HOST + ":" + PORT);
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] data = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, data.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(data);
        }
    }
}
