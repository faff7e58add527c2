package dev.hivemind.analyzer.stack.java;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.RetryCategory;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real builds with the real Maven and the JDKs of this machine (plugins come from ~/.m2 or Maven Central), and the
 * built jar really run with the detected start command.
 */
class JavaArtifactBuilderIT {
    private final JavaArtifactBuilder builder = new JavaArtifactBuilder();
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
    private final List<String> output = new CopyOnWriteArrayList<>();

    @TempDir
    Path root;

    @Test
    void buildsTheMavenExampleIntoAnAppJarThatAnswersOnPort() throws Exception {
        Path source = example("java-maven");
        ArtifactChecksum sourceBefore = ArtifactChecksum.of(source);
        Path artifactDirectory = root.resolve("artifact");
        TechStack stack = analyzer.analyze(source);

        BuildArtifact artifact = builder.build(new BuildRequest(source, stack, artifactDirectory, Map.of()),
                output::add);

        assertThat(artifact.path()).isEqualTo(artifactDirectory.toString());
        assertThat(artifact.buildCommand()).isEqualTo("mvn -B -ntp package -DskipTests");
        assertThat(artifact.checksum()).isEqualTo(ArtifactChecksum.of(artifactDirectory).value());
        assertThat(artifact.sizeBytes()).isEqualTo(ArtifactChecksum.of(artifactDirectory).sizeBytes());
        assertThat(artifactDirectory.resolve("app.jar")).isRegularFile();
        assertThat(output).contains("$ mvn -B -ntp package -DskipTests",
                "Using target/java-maven-1.0.0.jar (Main-Class dev.hivemind.example.App) as app.jar");
        assertThat(output).anyMatch(line -> line.matches("Using the JDK \\d+ at /.* \\(the app asks for Java 17\\)"));
        assertThat(output).anyMatch(line -> line.contains("BUILD SUCCESS"));
        assertThat(ArtifactChecksum.of(source)).isEqualTo(sourceBefore);
        assertThat(source.resolve("target")).doesNotExist();

        int port = freePort();
        ProcessBuilder start = new ProcessBuilder("/bin/sh", "-c", stack.startCommand())
                .directory(artifactDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve("app.log").toFile());
        start.environment().putAll(Map.of("PORT", String.valueOf(port), "APP_VERSION", "v9"));
        Process app = start.start();
        try {
            HttpResponse<String> home = getWhenUp(port, app, "/");
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).isEqualTo("Hello from java-maven v9\n");
            assertThat(getWhenUp(port, app, "/health").body()).isEqualTo("{\"status\": \"ok\"}");
        } finally {
            app.destroy();
            assertThat(app.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    @Test
    void reportsACompileErrorWithMavensLastLinesAndRemovesThePartialArtifact() throws IOException {
        Path source = root.resolve("broken");
        Files.copy(example("java-maven").resolve("pom.xml"), Files.createDirectories(source).resolve("pom.xml"));
        write(source, "src/main/java/dev/hivemind/example/App.java", "package dev.hivemind.example;\n"
                + "public final class App { int broken = \"not a number\"; }\n");
        Path artifactDirectory = root.resolve("artifact");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of()), output::add)).isInstanceOfSatisfying(BuildException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("mvn -B -ntp package -DskipTests failed with exit code 1");
                    assertThat(error.context()).isEqualTo("Building the Java application in " + source);
                    assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
                    assertThat(error.remediation()).startsWith("Check the compiler errors and pom.xml's dependencies")
                            .contains(" lines of output:\n").contains("BUILD FAILURE");
                });
        assertThat(output).anyMatch(line -> line.contains("App.java") && line.contains("incompatible types"));
        assertThat(artifactDirectory).doesNotExist();
    }

    @Test
    void runsTheHivemindYamlBuildCommandAndRefusesWhatItBuiltWhenNothingCanRun() throws IOException {
        Path source = root.resolve("custom");
        write(source, "pom.xml", JavaDetectorTest.pom("", ""));
        write(source, "lib-sources.jar", "");
        Path artifactDirectory = root.resolve("artifact");
        TechStack stack = analyzer.analyze(source).withBuildCommand("mkdir -p target && cp lib-sources.jar target/ "
                + "&& echo \"built by hivemind.yaml with $JAVA_HOME\"", "build_command from hivemind.yaml");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack, artifactDirectory, Map.of()),
                output::add)).isInstanceOfSatisfying(BuildException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("the build produced no runnable jar: found "
                            + "target/lib-sources.jar (sources, not runnable)");
                    assertThat(error.context()).isEqualTo("Finding the runnable jar of the Java application in "
                            + source);
                });
        assertThat(output).anyMatch(line -> line.startsWith("$ /bin/sh -c mkdir -p target"))
                .anyMatch(line -> line.matches("built by hivemind.yaml with /.+"));
        assertThat(artifactDirectory).doesNotExist();
    }

    private static HttpResponse<String> getWhenUp(int port, Process app, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (!app.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the app did not answer on port " + port + " (alive: " + app.isAlive()
                            + ")", notYet);
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

    private static Path example(String name) {
        Path here = Path.of("").toAbsolutePath();
        Path repository = here.getFileName().toString().equals("analyzer") ? here.getParent() : here;
        return repository.resolve("examples").resolve(name);
    }
}
