package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.StageName;
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

        assertThat(ProjectFile.read(dir).gates("dev")).containsExactly(StageName.PROVISION, StageName.DEPLOY);
        assertThat(ProjectFile.read(dir).config().start()).contains("node server.js");
    }

    @Test
    void noFileOrNoKeyMeansNoGates() {
        assertThat(ProjectFile.read(dir).gates("dev")).isEmpty();
        write(dir, "hivemind.yaml", "port: 3000\n");
        assertThat(ProjectFile.read(dir).gates("dev")).isEmpty();
    }

    @Test
    void anEnvironmentsOverlayReplacesTheGates() {
        write(dir, "hivemind.yaml", "gates: [deploy]\nenvironments:\n  prod:\n    gates: [provision, deploy]\n");

        assertThat(ProjectFile.read(dir).gates("dev")).containsExactly(StageName.DEPLOY);
        assertThat(ProjectFile.read(dir).gates("prod")).containsExactly(StageName.PROVISION, StageName.DEPLOY);
    }

    @Test
    void reportsEveryEntryThatIsNotAStage() {
        write(dir, "hivemind.yaml", "gates:\n  - provision\n  - deplyo\n  - {stage: deploy}\n");

        assertThatThrownBy(() -> ProjectFile.read(dir).gates("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 2 problems")
                .hasMessageContaining("gates[1]: must be one of preflight, analyze, build, provision, deploy, harden, "
                        + "validate, report, 001, 010, 020, 030, 040, 050, 060, 070, not 'deplyo'")
                .hasMessageContaining("gates[2]: must be one of preflight, analyze, build, provision, deploy, harden, "
                        + "validate, report, 001, 010, 020, 030, 040, 050, 060, 070, not {\"stage\":\"deploy\"}");
    }

    @Test
    void refusesAGatesValueThatIsNotAList() {
        write(dir, "hivemind.yaml", "gates: deploy\n");

        assertThatThrownBy(() -> ProjectFile.read(dir).gates("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gates: must be a list, not 'deploy'");
    }
}
