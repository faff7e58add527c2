package dev.hivemind.analyzer.stack.go;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.analyzer.build.Executables;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.PreflightException;
import dev.hivemind.api.error.RetryCategory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real builds with the real go command. No module proxy is reachable here, so the apps that build have no
 * requirements or vendor them; one that needs a download shows how a failed download is reported.
 */
class GoArtifactBuilderIT {
    private final GoArtifactBuilder builder = new GoArtifactBuilder(builds.resolve("cache").resolve(GoArtifactBuilder.CACHE));
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
    private final List<String> output = new CopyOnWriteArrayList<>();

    /** Every build's artifact directory is in here, and the Go caches all builds share (HIVEMIND_HOME/cache/go). */
    @TempDir
    static Path builds;
    @TempDir
    Path root;
    private final Path artifactDirectory = builds.resolve("artifact-" + UUID.randomUUID());

    @Test
    void buildsTheExampleIntoAStaticBinaryBesideItsSourceLeavingTheSourceAlone() throws Exception {
        Path source = GoDetectorTest.example("go-nethttp");
        ArtifactChecksum sourceBefore = ArtifactChecksum.of(source);

        BuildArtifact artifact = builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of()), output::add);

        assertThat(artifact.path()).isEqualTo(artifactDirectory.toString());
        assertThat(artifact.type()).isEqualTo("directory");
        assertThat(artifact.buildCommand()).isEqualTo("go build -trimpath -o app . && mkdir -p bin && ln -sfn ../app "
                + "'bin/go-nethttp'");
        assertThat(artifact.buildDurationSeconds()).isPositive();
        assertThat(artifactDirectory.resolve("app")).isExecutable();
        assertThat(artifactDirectory.resolve("bin/go-nethttp")).isSymbolicLink().isExecutable();
        assertThat(artifactDirectory.resolve("bin/go-nethttp").toRealPath()).isEqualTo(artifactDirectory.resolve("app")
                .toRealPath());
        assertThat(artifactDirectory.resolve("main.go")).hasSameTextualContentAs(source.resolve("main.go"));
        ArtifactChecksum checksum = ArtifactChecksum.of(artifactDirectory);
        assertThat(artifact.checksum()).isEqualTo(checksum.value()).startsWith("sha256:");
        assertThat(artifact.sizeBytes()).isEqualTo(checksum.sizeBytes()).isPositive();
        assertThat(output).contains("$ go build -trimpath -o app .")
                .anyMatch(line -> line.matches("Using Go 1\\.\\d+(\\.\\d+)? \\(.*/go\\), which satisfies go\\.mod's go "
                        + "1\\.19"));
        assertThat(builds.resolve("cache/go/build")).isDirectory();
        assertThat(builds.resolve("go-build-cache")).doesNotExist();
        assertThat(source.resolve("app")).doesNotExist();
        assertThat(ArtifactChecksum.of(source)).isEqualTo(sourceBefore);
        assertThat(buildSettings(artifactDirectory.resolve("app"))).contains("build\tCGO_ENABLED=0",
                "build\t-trimpath=true");
    }

    @Test
    void theBuiltBinaryServesOnPortAndStopsOnSigterm() throws Exception {
        Path source = GoDetectorTest.example("go-nethttp");
        TechStack stack = analyzer.analyze(source);
        builder.build(new BuildRequest(source, stack, artifactDirectory, Map.of()), output::add);
        int port = freePort();

        ProcessBuilder start = new ProcessBuilder("/bin/sh", "-c", "exec " + stack.startCommand())
                .directory(artifactDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve("app.log").toFile());
        start.environment().putAll(Map.of("PORT", String.valueOf(port), "HOST", "127.0.0.1", "APP_VERSION", "v3"));
        Process app = start.start();
        try {
            assertThat(get(port, "/")).isEqualTo("200 Hello from go-nethttp v3\n");
            assertThat(get(port, stack.healthCheckPath().orElseThrow())).isEqualTo("200 ok\n");
        } finally {
            app.destroy();
        }
        assertThat(app.waitFor(10, TimeUnit.SECONDS)).as("the app stops on SIGTERM").isTrue();
        assertThat(app.exitValue()).isZero();
        assertThat(Files.readString(root.resolve("app.log"))).contains("go-nethttp v3 stopped");
    }

    @Test
    void reportsACompileErrorWithTheCompilersLastLinesAndRemovesThePartialArtifact() throws IOException {
        Path source = root.resolve("broken");
        write(source, "go.mod", "module example.com/broken\n\ngo 1.19\n");
        write(source, "main.go", "package main\n\nfunc main() {\n\tundefinedThing()\n}\n");
        ArtifactChecksum sourceBefore = ArtifactChecksum.of(source);

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of()), output::add))
                .isInstanceOfSatisfying(BuildException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("go build -trimpath -o app . failed with exit code 2");
                    assertThat(error.context()).isEqualTo("Compiling the Go application in " + source
                            + " (main package .)");
                    assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
                    assertThat(error.remediation()).startsWith("Fix what the compiler reports.")
                            .contains(" lines of output:\n")
                            .contains("main.go:4:2: undefined: undefinedThing");
                });
        assertThat(output).contains("$ go build -trimpath -o app .")
                .anyMatch(line -> line.contains("undefined: undefinedThing"));
        assertThat(artifactDirectory).doesNotExist();
        assertThat(ArtifactChecksum.of(source)).isEqualTo(sourceBefore);
    }

    @Test
    void reportsModulesThatCannotBeDownloadedInTheirOwnStep() throws IOException {
        Path source = root.resolve("needs-proxy");
        write(source, "go.mod", "module example.com/web\n\ngo 1.19\n\nrequire github.com/gin-gonic/gin v1.9.1\n");
        write(source, "main.go", "package main\n\nimport \"github.com/gin-gonic/gin\"\n\n"
                + "func main() { gin.Default().Run() }\n");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of("GOPROXY", "off")), output::add))
                .isInstanceOfSatisfying(BuildException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("go mod download failed with exit code 1");
                    assertThat(error.context()).isEqualTo("Downloading the Go modules of the application in "
                            + source);
                    assertThat(error.remediation()).startsWith("Check that the module proxy is reachable")
                            .endsWith("github.com/gin-gonic/gin@v1.9.1: module lookup disabled by GOPROXY=off");
                });
        assertThat(output).contains("$ go mod download").noneMatch(line -> line.startsWith("$ go build"));
        assertThat(artifactDirectory).doesNotExist();
    }

    @Test
    void buildsVendoredModulesWithoutDownloadingThem() throws Exception {
        Path source = root.resolve("vendored");
        write(source, "go.mod", "module example.com/vendored\n\ngo 1.19\n\nrequire example.com/greet v1.0.0\n");
        write(source, "cmd/server/main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/greet\"\n)\n\n"
                + "func main() { fmt.Println(greet.Hello()) }\n");
        write(source, "vendor/example.com/greet/greet.go", "package greet\n\n"
                + "func Hello() string { return \"hello from vendor\" }\n");
        write(source, "vendor/modules.txt", "# example.com/greet v1.0.0\n## explicit\nexample.com/greet\n");

        BuildArtifact artifact = builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of("GOPROXY", "off")), output::add);

        assertThat(artifact.buildCommand()).isEqualTo("go build -trimpath -mod=vendor -o app ./cmd/server && mkdir -p bin"
                + " && ln -sfn ../app 'bin/server'");
        assertThat(run(artifactDirectory, "./app")).isEqualTo("hello from vendor\n");
    }

    @Test
    void runsTheBuildCommandFromHivemindYamlInsteadOfGoBuild() throws Exception {
        Path source = root.resolve("custom");
        write(source, "go.mod", "module example.com/custom\n\ngo 1.19\n");
        write(source, "main.go", "package main\n\nimport \"fmt\"\n\nvar version = \"dev\"\n\n"
                + "func main() { fmt.Println(version) }\n");
        TechStack stack = analyzer.analyze(source).withBuildCommand("go build -ldflags '-X main.version=1.2.3' -o app"
                + " .", "build_command from hivemind.yaml");

        BuildArtifact artifact = builder.build(new BuildRequest(source, stack, artifactDirectory, Map.of()),
                output::add);

        assertThat(artifact.buildCommand()).isEqualTo("/bin/sh -c go build -ldflags '-X main.version=1.2.3' -o app .");
        assertThat(run(artifactDirectory, "./app")).isEqualTo("1.2.3\n");
    }

    @Test
    void refusesAGoOlderThanTheGoDirectiveBeforeBuilding() throws IOException {
        Path source = root.resolve("future");
        write(source, "go.mod", "module example.com/future\n\ngo 1.99\n");
        write(source, "main.go", "package main\n\nfunc main() {}\n");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of()), output::add))
                .isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).matches(".*/go is Go 1\\.\\d+(\\.\\d+)? but the app asks for Go "
                            + "1\\.99 or later \\(go\\.mod go directive\\)");
                    assertThat(error.remediation()).startsWith("Installed: Go 1.").contains(
                            "needed: Go 1.99 or later (go.mod go directive)", "bookworm-backports",
                            "--env GOTOOLCHAIN=auto", "'version-check: false' in hivemind.yaml")
                            .doesNotContain("go mod edit", "apt-get install golang-go (");
                });
        assertThat(artifactDirectory).doesNotExist();
        assertThat(output).noneMatch(line -> line.startsWith("$ go build"));
    }

    private static String buildSettings(Path binary) throws Exception {
        Path go = Executables.find("go", System.getenv("PATH")).orElseThrow();
        return run(binary.getParent(), go.toString(), "version", "-m", binary.toString());
    }

    private static String run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(printed).isZero();
        return printed;
    }

    /** {@code "<status> <body>"} once the app answers, polling for up to 10 s while it starts. */
    private static String get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plusSeconds(10);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (true) {
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    return response.statusCode() + " " + response.body();
                } catch (IOException notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        throw notYet;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
