package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.Fixtures;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.ValidationPlan;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.StageName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hivemind.yaml is read and checked once; every later question is answered from that one document. */
class ProjectFileTest {
    private static final String FILE = """
            app: shop
            port: 3000
            gates: [deploy]
            hooks: {pre-build: make}
            smoke: [{path: /, expect_status: 200}]
            replicas: 2
            environments:
              prod: {port: 8443, tls: true, replicas: 3, gates: []}
            """;

    @TempDir
    Path dir;

    @Test
    void answersEveryQuestionFromWhatItReadOnce() throws Exception {
        write(dir, "hivemind.yaml", FILE);

        ProjectFile file = ProjectFile.read(dir);
        Files.delete(dir.resolve("hivemind.yaml"));

        assertThat(file.config().port()).contains(3000);
        assertThat(file.config("prod").port()).contains(8443);
        assertThat(file.config("prod").app()).contains("shop");
        assertThat(file.configuredGates("dev")).contains(List.of(StageName.DEPLOY));
        assertThat(file.configuredGates("prod")).contains(List.of());
        assertThat(file.hooks("dev")).extracting(hook -> hook.name()).containsExactly(HookName.PRE_BUILD);
        assertThat(file.tls("dev")).isFalse();
        assertThat(file.tls("prod")).isTrue();
        assertThat(file.rollout("dev").replicas()).isEqualTo(2);
        assertThat(file.rollout("prod").replicas()).isEqualTo(3);
        assertThat(file.validationPlan("dev").smoke()).hasSize(1);
        assertThat(ProjectFile.read(dir).config()).isEqualTo(ProjectConfig.NONE);
    }

    @Test
    void anAnalyzerForOneCommandReadsEachDirectorysFileOnceForEveryStage() throws Exception {
        Fixtures.app(dir, "\"scripts\": {\"start\": \"node server.js\"}");
        write(dir, "hivemind.yaml", FILE);
        RepositoryAnalyzer analyzer = RepositoryAnalyzer.forOneCommand();

        assertThat(analyzer.analyze(dir, "prod").port()).contains(8443);
        Files.delete(dir.resolve("hivemind.yaml"));

        assertThat(analyzer.hooks(dir, "prod")).extracting(hook -> hook.name()).containsExactly(HookName.PRE_BUILD);
        assertThat(analyzer.validationPlan(dir, "prod").smoke()).hasSize(1);
        assertThat(analyzer.projectFile(dir.resolve(".")).rollout("prod").replicas()).isEqualTo(3);
        assertThat(new RepositoryAnalyzer().validationPlan(dir, "prod")).isEqualTo(ValidationPlan.NONE);
    }

    @Test
    void aBrokenFileIsRefusedWhenReadNotWhenAsked() {
        write(dir, "hivemind.yaml", "port: web\nstrategy: sideways\n");

        assertThatThrownBy(() -> ProjectFile.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve("hivemind.yaml") + " has 2 problems")
                .hasMessageContaining("port").hasMessageContaining("strategy")
                .extracting(error -> ((InvalidInputException) error).remediation())
                .asString().contains("docs/configuration.md");
    }

    @Test
    void withoutTheFileEveryAnswerIsTheDefault() {
        ProjectFile file = ProjectFile.read(dir);

        assertThat(file.config("prod")).isEqualTo(ProjectConfig.NONE);
        assertThat(file.configuredGates("prod")).isEqualTo(Optional.empty());
        assertThat(file.hooks("prod")).isEmpty();
        assertThat(file.tls("prod")).isFalse();
        assertThat(file.rollout("prod")).isEqualTo(dev.hivemind.api.rollout.RolloutPolicy.defaults());
    }
}
