package dev.hivemind.analyzer.stack.python;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.PreflightException;
import dev.hivemind.api.error.RetryCategory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real builds with the real python3 and pip. No package index is reachable here, so the successful build is of an
 * app without dependencies, and an app that needs one from the index shows how a failed install is reported.
 */
class PythonArtifactBuilderIT {
    /** pip retries an unreachable index five times by default; once is enough to see it fail. */
    private static final Map<String, String> FAIL_FAST = Map.of("PIP_RETRIES", "0", "PIP_TIMEOUT", "5");

    private final PythonArtifactBuilder builder = new PythonArtifactBuilder();
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
    private final List<String> output = new CopyOnWriteArrayList<>();

    @TempDir
    Path root;

    @Test
    void buildsTheStdlibExampleIntoAVirtualEnvironmentLeavingTheSourceAlone() throws Exception {
        Path source = example("python-stdlib");
        ArtifactChecksum sourceBefore = ArtifactChecksum.of(source);
        Path artifactDirectory = root.resolve("artifact");

        BuildArtifact artifact = builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of()), output::add);

        assertThat(artifact.path()).isEqualTo(artifactDirectory.toString());
        assertThat(artifact.type()).isEqualTo("directory");
        assertThat(artifact.buildCommand()).isEqualTo("python3 -m venv .venv");
        assertThat(artifact.buildDurationSeconds()).isPositive();
        assertThat(artifactDirectory.resolve(".venv/bin/python")).isExecutable();
        assertThat(artifactDirectory.resolve(".venv/pyvenv.cfg")).isRegularFile();
        assertThat(artifactDirectory.resolve("app.py")).hasSameTextualContentAs(source.resolve("app.py"));
        ArtifactChecksum checksum = ArtifactChecksum.of(artifactDirectory);
        assertThat(artifact.checksum()).isEqualTo(checksum.value()).startsWith("sha256:");
        assertThat(artifact.sizeBytes()).isEqualTo(checksum.sizeBytes()).isPositive();
        assertThat(output).contains("$ python3 -m venv .venv").noneMatch(line -> line.contains("pip install"));
        assertThat(source.resolve(".venv")).doesNotExist();
        assertThat(ArtifactChecksum.of(source)).isEqualTo(sourceBefore);
    }

    @Test
    void theStartCommandRunsTheVirtualEnvironmentsPython() throws Exception {
        Path source = example("python-stdlib");
        Path artifactDirectory = root.resolve("artifact");
        var stack = analyzer.analyze(source);
        builder.build(new BuildRequest(source, stack, artifactDirectory, Map.of()), output::add);

        String command = stack.startCommand().replace("python app.py", "python -c 'import sys; print(sys.prefix)'");
        Process process = new ProcessBuilder("/bin/sh", "-c", command).directory(artifactDirectory.toFile())
                .redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(process.waitFor()).as(printed).isZero();
        assertThat(Path.of(printed)).isEqualTo(artifactDirectory.resolve(".venv").toRealPath());
    }

    @Test
    void reportsAFailedInstallWithPipsLastLinesAndRemovesThePartialArtifact() throws IOException {
        Path source = root.resolve("needs-index");
        write(source, "requirements.txt", "hivemind-unfetchable-package==1.0.0\n");
        write(source, "app.py", "print('never started')\n");
        ArtifactChecksum sourceBefore = ArtifactChecksum.of(source);
        Path artifactDirectory = root.resolve("artifact");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                FAIL_FAST), output::add))
                .isInstanceOfSatisfying(BuildException.class, error -> {
                    assertThat(error.getMessage())
                            .isEqualTo(".venv/bin/pip install -r requirements.txt failed with exit code 1");
                    assertThat(error.context()).isEqualTo("Installing dependencies for the Python application in "
                            + source);
                    assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
                    assertThat(error.remediation()).startsWith("Check the requirements for misspelt packages")
                            .contains(" lines of output:\n")
                            .endsWith("No matching distribution found for hivemind-unfetchable-package==1.0.0");
                });
        assertThat(output).contains("$ python3 -m venv .venv", "$ .venv/bin/pip install -r requirements.txt");
        assertThat(artifactDirectory).doesNotExist();
        assertThat(ArtifactChecksum.of(source)).isEqualTo(sourceBefore);
    }

    @Test
    void refusesAPythonThatDoesNotSatisfyThePinnedVersion() throws IOException {
        Path source = root.resolve("old-python");
        write(source, "requirements.txt", "");
        write(source, "runtime.txt", "python-2.7.18\n");
        write(source, "app.py", "print 'hello'\n");
        Path artifactDirectory = root.resolve("artifact");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, analyzer.analyze(source), artifactDirectory,
                Map.of()), output::add))
                .isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).matches(".*python3 is Python 3\\.\\d+\\.\\d+ but the app asks "
                            + "for 2\\.7\\.18 \\(runtime_version 2\\.7\\.18 from runtime\\.txt\\)");
                    assertThat(error.remediation()).startsWith("Install a Python that satisfies 2.7.18 and put it "
                            + "first on the PATH as python3 (e.g. apt-get install python2.7, or pyenv install 2.7)");
                });
        assertThat(artifactDirectory).doesNotExist();
        assertThat(output).noneMatch(line -> line.startsWith("$ python3 -m venv"));
    }

    @Test
    void acceptsAPythonThatSatisfiesThePinnedVersion() throws IOException {
        Path source = root.resolve("pinned");
        write(source, "pyproject.toml", "[project]\nname = \"pinned\"\nrequires-python = \">=3.8\"\n");
        write(source, "app.py", "print('hello')\n");

        BuildArtifact artifact = builder.build(new BuildRequest(source, analyzer.analyze(source),
                root.resolve("artifact"), Map.of()), output::add);

        assertThat(artifact.buildCommand()).isEqualTo("python3 -m venv .venv");
        assertThat(output).anyMatch(line -> line.matches("Using Python 3\\.\\d+\\.\\d+ \\(.*\\), which satisfies >=3\\.8"));
    }

    private static Path example(String name) {
        Path here = Path.of("").toAbsolutePath();
        Path repository = here.getFileName().toString().equals("analyzer") ? here.getParent() : here;
        return repository.resolve("examples").resolve(name);
    }
}
