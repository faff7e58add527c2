package dev.hivemind.analyzer.stack.node;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real builds with the real npm; the express ones need the npm registry. */
class NodeArtifactBuilderIT {
    private static final String SERVER = "const http = require('http');\n"
            + "http.createServer((req, res) => res.end('ok')).listen(process.env.PORT);\n";
    private static final String EXPRESS_SERVER = "const app = require('express')();\n"
            + "app.get('/health', (req, res) => res.send('ok'));\napp.listen(process.env.PORT);\n";

    private final NodeArtifactBuilder builder = new NodeArtifactBuilder();
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
    private final List<String> output = new CopyOnWriteArrayList<>();

    @TempDir
    Path root;

    @Test
    void buildsAnAppWithoutDependenciesLeavingTheSourceAlone() throws IOException {
        Path source = root.resolve("plain");
        write(source, "package.json", "{\"name\": \"plain\", \"version\": \"1.0.0\", "
                + "\"scripts\": {\"start\": \"node server.js\", \"build\": \"node env.js\"}}\n");
        write(source, "env.js", "const e = process.env;\nconsole.log(['npm_config_update_notifier', "
                + "'npm_config_fund', 'npm_config_audit', 'EXTRA'].map(k => k + '=' + e[k]).join(' '));\n");
        write(source, "server.js", SERVER);
        write(source, "node_modules/stale/index.js", "left over from the user's own npm install");
        write(source, ".git/HEAD", "ref: refs/heads/main\n");
        ArtifactChecksum sourceBefore = ArtifactChecksum.of(source);
        Path artifactDirectory = root.resolve("artifact");

        BuildArtifact artifact = builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of("EXTRA", "from-the-request")), output::add);

        assertThat(artifact.path()).isEqualTo(artifactDirectory.toString());
        assertThat(artifact.type()).isEqualTo("directory");
        assertThat(artifact.buildCommand()).isEqualTo("npm install && npm run build");
        assertThat(output).contains("npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false "
                + "EXTRA=from-the-request");
        assertThat(artifact.buildDurationSeconds()).isPositive();
        assertThat(artifactDirectory.resolve("server.js")).hasContent(SERVER);
        assertThat(artifactDirectory.resolve(".git")).doesNotExist();
        assertThat(artifactDirectory.resolve("node_modules/stale")).doesNotExist();
        ArtifactChecksum checksum = ArtifactChecksum.of(artifactDirectory);
        assertThat(artifact.checksum()).isEqualTo(checksum.value());
        assertThat(artifact.sizeBytes()).isEqualTo(checksum.sizeBytes()).isPositive();
        assertThat(output).contains("$ npm install");
        assertThat(ArtifactChecksum.of(source)).isEqualTo(sourceBefore);
    }

    @Test
    void buildsAnExpressAppReproducibly() throws IOException {
        Path source = root.resolve("express");
        write(source, "package.json", "{\"name\": \"express-app\", \"version\": \"1.0.0\", \"private\": true,\n"
                + " \"scripts\": {\"start\": \"node server.js\", "
                + "\"build\": \"node -e \\\"require('fs').writeFileSync('built.txt', 'built')\\\"\"},\n"
                + " \"dependencies\": {\"express\": \"4.21.2\"}}\n");
        write(source, "server.js", EXPRESS_SERVER);

        BuildArtifact unlocked = build(source, root.resolve("unlocked"));
        assertThat(unlocked.buildCommand()).isEqualTo("npm install && npm run build");
        assertThat(root.resolve("unlocked/node_modules/express/package.json")).exists();
        assertThat(root.resolve("unlocked/built.txt")).hasContent("built");
        assertThat(source.resolve("node_modules")).doesNotExist();
        assertThat(source.resolve("built.txt")).doesNotExist();
        assertThat(source.resolve("package-lock.json")).doesNotExist();

        Files.copy(root.resolve("unlocked/package-lock.json"), source.resolve("package-lock.json"));
        BuildArtifact first = build(source, root.resolve("first"));
        BuildArtifact second = build(source, root.resolve("second"));

        assertThat(first.buildCommand()).isEqualTo("npm ci && npm run build");
        assertThat(root.resolve("first/node_modules/express/package.json")).exists();
        assertThat(first.checksum()).isEqualTo(second.checksum());
        assertThat(first.sizeBytes()).isEqualTo(second.sizeBytes());
        assertThat(output).contains("$ npm ci", "$ npm run build");
    }

    @Test
    void reportsAFailingBuildWithItsLastFortyLines() throws IOException {
        Path source = root.resolve("failing");
        write(source, "package.json", "{\"name\": \"failing\", \"version\": \"1.0.0\",\n"
                + " \"scripts\": {\"start\": \"node server.js\", \"build\": \"node build.js\"}}\n");
        write(source, "build.js", "for (let i = 1; i <= 100; i++) console.log('line ' + i);\nprocess.exit(1);\n");
        write(source, "server.js", SERVER);
        ArtifactChecksum sourceBefore = ArtifactChecksum.of(source);
        Path artifactDirectory = root.resolve("artifact");

        assertThatThrownBy(() -> build(source, artifactDirectory))
                .isInstanceOfSatisfying(BuildException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("npm run build failed with exit code 1");
                    assertThat(error.context()).isEqualTo("Building the Node.js application in " + source);
                    assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
                    assertThat(error.remediation()).startsWith("Fix the build script (scripts.build in package.json)")
                            .contains("Last 40 lines of output:\n").endsWith("\nline 100")
                            .doesNotContain("line 60\n");
                    String tail = error.remediation().substring(error.remediation().indexOf("output:\n") + 8);
                    assertThat(tail.lines()).hasSize(40);
                });
        assertThat(output).contains("line 1", "line 100");
        assertThat(artifactDirectory).doesNotExist();
        assertThat(source.resolve("node_modules")).doesNotExist();
        assertThat(ArtifactChecksum.of(source)).isEqualTo(sourceBefore);
    }

    /** Needs the npm registry: yarn is fetched from it, as a machine with npm but no yarn has to. */
    @Test
    void fetchesYarnWithNpmWhenTheMachineHasNoneAndTheReleaseKeepsIt() throws Exception {
        Path source = root.resolve("yarn-app");
        write(source, "package.json", "{\"name\": \"yarn-app\", \"version\": \"1.0.0\", \"license\": \"MIT\", "
                + "\"scripts\": {\"start\": \"node server.js\", \"build\": \"node -e \\\"require('fs').writeFileSync("
                + "'built.txt', process.env.npm_config_user_agent)\\\"\", \"hello\": \"echo started-by-yarn\"}}\n");
        write(source, "yarn.lock", "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n"
                + "# yarn lockfile v1\n\n\n");
        write(source, "server.js", SERVER);
        Path tools = Files.createDirectories(root.resolve("tools"));
        for (String tool : List.of("node", "npm", "sh", "mkdir", "ln", "echo")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        Path artifactDirectory = root.resolve("artifact");

        BuildArtifact artifact = builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of("PATH", tools.toString())), output::add);

        assertThat(artifact.buildCommand()).isEqualTo("npm install --no-save --no-package-lock --prefix "
                + ".hivemind-tools yarn@1 && mkdir -p bin && ln -sfn ../.hivemind-tools/node_modules/.bin/yarn "
                + "bin/yarn && yarn install --frozen-lockfile && yarn run build");
        assertThat(artifactDirectory.resolve("built.txt")).content().startsWith("yarn/1.");
        // the app's start finds yarn as an instance does: the release's bin/ first on its PATH
        ProcessBuilder yarnRun = new ProcessBuilder(artifactDirectory.resolve("bin/yarn").toString(), "run",
                "--silent", "hello").directory(artifactDirectory.toFile()).redirectErrorStream(true);
        yarnRun.environment().put("PATH", artifactDirectory.resolve("bin") + ":" + tools);
        Process start = yarnRun.start();
        assertThat(new String(start.getInputStream().readAllBytes()).strip()).isEqualTo("started-by-yarn");
        assertThat(start.waitFor()).isZero();
    }

    @Test
    void reportsAnInstallOfADependencyThatDoesNotExist() {
        Path source = root.resolve("bad-dependency");
        write(source, "package.json", "{\"name\": \"bad\", \"version\": \"1.0.0\", \"scripts\": {\"start\": "
                + "\"node server.js\"}, \"dependencies\": {\"hivemind-no-such-package-7f3a9c\": \"1.0.0\"}}\n");
        write(source, "server.js", SERVER);

        assertThatThrownBy(() -> build(source, root.resolve("artifact")))
                .isInstanceOfSatisfying(BuildException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("npm install failed with exit code 1");
                    assertThat(error.context()).isEqualTo("Installing dependencies for the Node.js application in "
                            + source);
                    assertThat(error.remediation()).startsWith("Check package.json for invalid dependencies")
                            .contains("hivemind-no-such-package-7f3a9c");
                });
    }

    @Test
    void stopsABuildWhenInterruptedAndSaysSo() throws Exception {
        Path source = root.resolve("slow");
        write(source, "package.json", "{\"name\": \"slow\", \"version\": \"1.0.0\",\n"
                + " \"scripts\": {\"start\": \"node server.js\", \"build\": \"node slow.js\"}}\n");
        write(source, "slow.js", "console.log('building slowly');\nsetTimeout(() => {}, 120000);\n");
        write(source, "server.js", SERVER);
        Path artifactDirectory = root.resolve("artifact");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread building = Thread.ofPlatform().start(() -> {
            try {
                build(source, artifactDirectory);
            } catch (Throwable e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        Instant deadline = Instant.now().plusSeconds(60);
        while (!output.contains("building slowly") && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }

        building.interrupt();
        building.join(Duration.ofSeconds(30));

        assertThat(building.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(BuildException.class).hasMessage("npm run build was interrupted");
        assertThat(stillInterrupted).isTrue();
        assertThat(artifactDirectory).doesNotExist();
    }

    private BuildArtifact build(Path source, Path artifactDirectory) {
        TechStack stack = analyzer.analyze(source);
        return builder.build(new BuildRequest(source, stack, artifactDirectory, Map.of()), output::add);
    }
}
