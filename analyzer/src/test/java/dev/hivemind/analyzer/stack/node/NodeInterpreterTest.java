package dev.hivemind.analyzer.stack.node;

import static dev.hivemind.analyzer.Fixtures.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.PreflightException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeInterpreterTest {

    @ParameterizedTest(name = "{1} against ''{0}'': {2}")
    @CsvSource(delimiter = ';', value = {
            ">=18; 20.11.1; true",
            "~*; 14.1.0; true",
            "^*; 14.1.0; true",
            ">=18; 16.20.0; false",
            ">=18 <21; 21.0.0; false",
            ">=18 <21; 20.99.0; true",
            "^20.11.0; 20.20.2; true",
            "^20.11.0; 20.10.0; false",
            "^20.11.0; 21.0.0; false",
            "~22.1; 22.1.9; true",
            "~22.1; 22.2.0; false",
            "20.x; 20.0.1; true",
            "20.x; 22.0.0; false",
            "20; 20.20.2; true",
            "20; 22.0.0; false",
            "v20.11.1; 20.20.2; true",
            "20.11.1; 20.10.0; false",
            "18 || 20; 20.1.0; true",
            "16 || 18; 20.1.0; false",
            "18.0.0 - 20.5; 20.5.0; true",
            ">20; 20.9.0; false",
            ">20; 21.0.0; true",
            "<=20; 20.9.0; true",
            "=20.1.2; 20.1.2; true",
            "*; 12.0.0; true"})
    void readsTheConstraintsNpmReads(String constraint, String version, boolean expected) {
        assertThat(NodeVersionRange.satisfies(constraint, version)).contains(expected);
        assertThat(NodeVersionRange.satisfies(constraint, "v" + version)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"lts/iron, 20.1.0", "node, 20.1.0", ">=18, not-a-version"})
    void doesNotJudgeWhatItCannotRead(String constraint, String version) {
        assertThat(NodeVersionRange.satisfies(constraint, version)).isEmpty();
    }

    @Test
    void theBuildStopsBeforeInstallingWhenTheMachinesNodeIsTooOld(@TempDir Path root) {
        Path source = app(root.resolve("source"), "\"engines\": { \"node\": \">=99\" }, "
                + "\"scripts\": { \"start\": \"node server.js\" }");
        var stack = new RepositoryAnalyzer().analyze(source);
        Path artifact = root.resolve("artifact");

        assertThatThrownBy(() -> new NodeArtifactBuilder().build(new BuildRequest(source, stack, artifact, Map.of()),
                Progress.none())).isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).matches(".*node is Node\\.js v\\d+\\.\\d+\\.\\d+ but the app asks "
                            + "for >=99 \\(runtime_version >=99 from package\\.json engines\\.node\\)");
                    assertThat(error.remediation()).startsWith("Installed: Node.js v").contains(
                            "needed: Node.js >=99 (package.json engines.node)", "nvm install",
                            "'version-check: false' in hivemind.yaml");
                });
        assertThat(artifact).doesNotExist();
        assertThat(Optional.of(root.resolve("source/node_modules"))).get().matches(path -> !path.toFile().exists());
    }
}
