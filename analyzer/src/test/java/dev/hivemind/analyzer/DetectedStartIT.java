package dev.hivemind.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.stack.node.NodeArtifactBuilder;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.TechStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detected start command really starts the app on {@code $PORT} and the detected health path really answers:
 * the TypeScript Express fixture (main dist/server.js, compiled from src/server.ts by tsc) is built with the real
 * npm and tsc from the npm registry, then started as the agent starts an app.
 */
class DetectedStartIT {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
    private final List<String> output = new CopyOnWriteArrayList<>();

    @TempDir
    Path root;

    @Test
    void startsTheCompiledTypeScriptAppOnPortAndAnswersOnTheDetectedHealthPath() throws Exception {
        Path source = root.resolve("source");
        copyFixture("node-express-typescript", source);
        TechStack stack = analyzer.analyze(source);
        Path artifact = root.resolve("artifact");
        new NodeArtifactBuilder().build(new BuildRequest(source, stack, artifact, Map.of()), output::add);
        assertThat(artifact.resolve("dist/server.js")).exists();
        int port = freePort();

        Process app = start(stack.startCommand(), artifact, port);
        try {
            HttpResponse<String> health = awaitAnswer(URI.create("http://127.0.0.1:" + port
                    + stack.healthCheckPath().orElseThrow()), app);

            assertThat(stack.startCommand()).isEqualTo("node dist/server.js");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok");
            assertThat(port).isNotEqualTo(stack.port().orElseThrow());
        } finally {
            app.descendants().forEach(ProcessHandle::destroy);
            app.destroy();
            app.waitFor();
        }
    }

    /** The fixture without its stub lock file, which records no packages: npm install resolves them for real. */
    private static void copyFixture(String name, Path target) throws Exception {
        Path fixture = Path.of(DetectedStartIT.class.getResource("/fixtures/" + name).toURI());
        try (var files = Files.walk(fixture)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("package-lock.json")) {
                    Path copy = target.resolve(fixture.relativize(file).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                }
            }
        }
    }

    private static Process start(String command, Path directory, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(directory.resolve("app.log").toFile());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("HOST", "127.0.0.1");
        return builder.start();
    }

    private static HttpResponse<String> awaitAnswer(URI uri, Process app) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (!app.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the app did not answer on " + uri + " (alive: " + app.isAlive() + ")",
                            notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
