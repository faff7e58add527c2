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
    @Test
    void anAliasIsTheValueItsAnchorMarksNotTheAnchorsName() {
        write(dir, "hivemind.yaml", """
                build: &check npm run check
                hooks:
                  post-build: *check
                probes:
                  startup: &probe {path: /ready, threshold: 2}
                environments:
                  prod:
                    probes:
                      startup:
                        <<: *probe
                        threshold: 5
                """);

        ProjectFile file = ProjectFile.read(dir);

        assertThat(file.hooks("dev")).singleElement().satisfies(hook -> assertThat(hook.commands())
                .containsExactly("npm run check"));
        assertThat(file.startupProbe("dev").path()).contains("/ready");
        assertThat(file.startupProbe("prod").path()).contains("/ready");
        assertThat(file.startupProbe("prod").threshold()).contains(5);
    }

    @Test
    void aKeyGivenTwiceInOneMappingIsRefusedNamingBothLines() {
        write(dir, "hivemind.yaml", "app: shop\nport: 3000\nhooks:\n  pre-build: make\nport: 4000\n");

        assertThatThrownBy(() -> ProjectFile.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 5: the key 'port' is given twice in the same mapping (lines 2 and 5)");
    }

    @Test
    void anAliasOfNoAnchorIsRefusedOnItsLine() {
        write(dir, "hivemind.yaml", "app: shop\nbuild: *missing\n");

        assertThatThrownBy(() -> ProjectFile.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2: the alias *missing names no anchor (&missing) defined before it");
    }

    @Test
    void aliasesThatExpandBeyondTheBoundAreRefused() {
        StringBuilder bomb = new StringBuilder("smoke: &a [{path: /}, {path: /}, {path: /}, {path: /}]\n");
        String previous = "a";
        for (String name : List.of("b", "c", "d", "e", "f", "g", "h", "i")) {
            bomb.append("x").append(name).append(": &").append(name).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(8, "*" + previous))).append("]\n");
            previous = name;
        }
        write(dir, "hivemind.yaml", bomb.toString());

        assertThatThrownBy(() -> ProjectFile.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("with its aliases expanded the file would hold more than 10000 values");
    }

    @Test
    void aDirectoryFifoOrLinkInPlaceOfTheFileIsRefusedNotIgnored() throws Exception {
        Path asDirectory = Files.createDirectories(dir.resolve("a/hivemind.yaml")).getParent();
        Path asFifo = Files.createDirectories(dir.resolve("b"));
        new ProcessBuilder("mkfifo", asFifo.resolve("hivemind.yaml").toString()).start().waitFor();
        Path asLink = Files.createDirectories(dir.resolve("c"));
        Files.createSymbolicLink(asLink.resolve("hivemind.yaml"), Path.of("/dev/zero"));

        assertThatThrownBy(() -> ProjectFile.read(asDirectory)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(asDirectory.resolve("hivemind.yaml") + " is a directory, not a regular file");
        assertThatThrownBy(() -> ProjectFile.read(asFifo)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is a special file (a FIFO, socket or device), not a regular file");
        assertThatThrownBy(() -> ProjectFile.read(asLink)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is a symbolic link (to /dev/zero), not a regular file");
    }
}
