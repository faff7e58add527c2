package dev.hivemind.analyzer.stack.python;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.ArtifactBuilders;
import dev.hivemind.analyzer.build.Executables;
import dev.hivemind.analyzer.stack.node.NodeArtifactBuilder;
import dev.hivemind.analyzer.stack.node.NodeArtifactBuilderTest;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's checks before it runs anything, and the choice of builder; real builds are in PythonArtifactBuilderIT. */
class PythonArtifactBuilderTest {
    private final PythonArtifactBuilder builder = new PythonArtifactBuilder();

    @TempDir
    Path root;

    @Test
    void refusesBeforeAnySideEffectWhenPython3IsNotOnThePath() throws IOException {
        Path source = app("source");
        Path emptyBin = Files.createDirectories(root.resolve("bin"));
        Path artifact = root.resolve("artifact");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack("pip"), artifact,
                Map.of("PATH", emptyBin.toString())), Progress.none()))
                .isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("python3 is not installed: no python3 on the PATH ("
                            + emptyBin + ")");
                    assertThat(error.remediation()).isEqualTo("Install it: apt-get install python3 python3-venv, "
                            + "or install it with pyenv");
                    assertThat(error.context()).isEqualTo("Creating the virtual environment of the Python "
                            + "application in " + source);
                });
        assertThat(artifact).doesNotExist();
    }

    @Test
    void refusesBeforeAnySideEffectWhenTheBuildToolIsNotOnThePath() throws IOException {
        Path source = app("source");
        write(source, "pyproject.toml", "[tool.poetry.dependencies]\nflask = \"*\"\n");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("python3"), Executables.find("python3", System.getenv("PATH"))
                .orElseThrow());
        Path artifact = root.resolve("artifact");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack("poetry"), artifact,
                Map.of("PATH", bin.toString())), Progress.none()))
                .isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("poetry is not installed: no poetry on the PATH ("
                            + bin + ")");
                    assertThat(error.remediation()).isEqualTo("Install it: pipx install poetry (or: python3 -m pip "
                            + "install --user poetry)");
                });
        assertThat(artifact).doesNotExist();
    }

    @Test
    void refusesASourceThatIsNotADirectory() {
        Path source = root.resolve("gone");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack("pip"), root.resolve("artifact"),
                Map.of()), Progress.none())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("there is no directory " + source);
    }

    @Test
    void refusesAnArtifactDirectoryThatIsNotEmpty() {
        Path source = app("source");
        Path artifact = root.resolve("artifact");
        write(artifact, "leftover", "x");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack("pip"), artifact, Map.of()),
                Progress.none())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
        assertThat(artifact.resolve("leftover")).exists();
    }

    @Test
    void buildsOnlyPythonStacksWithAKnownTool() {
        Path source = app("source");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, NodeArtifactBuilderTest.stack("npm"),
                root.resolve("artifact"), Map.of()), Progress.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not nodejs");
        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack("conda"), root.resolve("artifact"),
                Map.of()), Progress.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'conda'");
    }

    @Test
    void dispatchesByLanguage() {
        AtomicReference<String> built = new AtomicReference<>("");
        ArtifactBuilder recording = (request, output) -> {
            built.set(request.stack().language());
            return new BuildArtifact("/a", "directory", 0, "sha256:" + "0".repeat(64), "none", 0);
        };
        ArtifactBuilders builders = new ArtifactBuilders(Map.of("python", recording));
        Path source = app("source");

        builders.build(new BuildRequest(source, stack("pip"), root.resolve("a"), Map.of()), Progress.none());

        assertThat(built.get()).isEqualTo("python");
        assertThatThrownBy(() -> builders.build(new BuildRequest(source, NodeArtifactBuilderTest.stack("npm"),
                root.resolve("b"), Map.of()), Progress.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no builder for the language 'nodejs'; known: python");
        assertThat(ArtifactBuilders.standard(Path.of("/unused-cache")).forLanguage("nodejs")).containsInstanceOf(NodeArtifactBuilder.class);
        assertThat(ArtifactBuilders.standard(Path.of("/unused-cache")).forLanguage("python")).containsInstanceOf(PythonArtifactBuilder.class);
    }

    private Path app(String name) {
        Path source = root.resolve(name);
        write(source, "requirements.txt", "");
        write(source, "app.py", "print('hi')\n");
        return source;
    }

    static TechStack stack(String buildTool) {
        return new TechStack("python", "none", "3.11", List.of(), false, Optional.empty(), buildTool,
                PythonStartCommand.VENV_PREFIX + "python app.py", Optional.empty(), List.of());
    }
}
