package dev.hivemind.analyzer;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.InvalidInputException;
import dev.hivemind.api.StageName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hivemind.yaml {@code gates:}: the stages that wait for a person's approval. */
class ProjectConfigGatesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheGatedStagesByNameOrNumber() {
        write(dir, "hivemind.yaml", "start: node server.js\ngates: [provision, \"040\"]\n");

        assertThat(ProjectConfig.gates(dir)).containsExactly(StageName.PROVISION, StageName.DEPLOY);
        assertThat(ProjectConfig.read(dir).start()).contains("node server.js");
    }

    @Test
    void noFileOrNoKeyMeansNoGates() {
        assertThat(ProjectConfig.gates(dir)).isEmpty();
        write(dir, "hivemind.yaml", "port: 3000\n");
        assertThat(ProjectConfig.gates(dir)).isEmpty();
    }

    @Test
    void reportsEveryEntryThatIsNotAStage() {
        write(dir, "hivemind.yaml", "gates:\n  - provision\n  - deplyo\n  - {stage: deploy}\n");

        assertThatThrownBy(() -> ProjectConfig.gates(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 2 problems")
                .hasMessageContaining("gates[1]: 'deplyo' is not a stage; stages: [init, preflight, analyze, build, "
                        + "provision, deploy, harden, validate, report]")
                .hasMessageContaining("gates[2]: {\"stage\":\"deploy\"} is not a stage");
    }

    @Test
    void refusesAGatesValueThatIsNotAList() {
        write(dir, "hivemind.yaml", "gates: deploy\n");

        assertThatThrownBy(() -> ProjectConfig.gates(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gates: must be a list of stages such as [provision, deploy], not 'deploy'");
    }
}
