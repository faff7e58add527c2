package dev.hivemind.analyzer.stack.node;

import static dev.hivemind.analyzer.Fixtures.app;
import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.ArtifactBuilder.BuildRequest;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's checks before it runs anything; real builds are in NodeArtifactBuilderIT. */
public class NodeArtifactBuilderTest {
    private final NodeArtifactBuilder builder = new NodeArtifactBuilder();

    @TempDir
    Path root;

    @Test
    void refusesBeforeAnySideEffectWhenThePackageManagerIsNotOnThePath() throws IOException {
        Path source = app(root.resolve("source"), "");
        write(source, "pnpm-lock.yaml", "");
        Path emptyBin = Files.createDirectories(root.resolve("bin"));
        Path artifact = root.resolve("artifact");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack("pnpm"), artifact,
                Map.of("PATH", emptyBin.toString())), Progress.none()))
                .isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("pnpm is not installed: no pnpm on the PATH ("
                            + emptyBin + ")");
                    assertThat(error.remediation()).isEqualTo("Install it: apt-get install npm (HiveMind then fetches "
                            + "pnpm with it for each build), or npm install -g pnpm");
                    assertThat(error.context()).isEqualTo("Installing dependencies for the Node.js application in "
                            + source);
                });
        assertThat(artifact).doesNotExist();
    }

    @Test
    void refusesASourceWithoutPackageJson() {
        Path source = root.resolve("source");
        write(source, "server.js", "");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack("npm"), root.resolve("artifact"),
                Map.of()), Progress.none())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("there is no package.json in " + source);
    }

    @Test
    void refusesAnArtifactDirectoryThatIsNotEmpty() {
        Path source = app(root.resolve("source"), "");
        Path artifact = root.resolve("artifact");
        write(artifact, "leftover", "x");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack("npm"), artifact, Map.of()),
                Progress.none())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
        assertThat(artifact.resolve("leftover")).exists();
    }

    @Test
    void refusesAnArtifactDirectoryHoldingTheSource() {
        Path source = app(root.resolve("a/source"), "");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack("npm"), root.resolve("a"), Map.of()),
                Progress.none())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildsOnlyNodeStacks() {
        Path source = app(root.resolve("source"), "");
        TechStack python = new TechStack("python", "flask", "3.12", List.of(), false, Optional.empty(), "pip",
                "gunicorn app:app", Optional.empty(), List.of());

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, python, root.resolve("artifact"), Map.of()),
                Progress.none())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("python");
    }

    public static TechStack stack(String buildTool) {
        return new TechStack("nodejs", "none", "20", List.of(), false, Optional.empty(), buildTool, "npm start",
                Optional.empty(), List.of());
    }
}
