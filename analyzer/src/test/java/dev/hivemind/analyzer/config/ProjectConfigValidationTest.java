package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.ValidationPlan.LoadTargets;
import dev.hivemind.api.ValidationPlan.SmokeTest;
import dev.hivemind.api.ValidationPlan;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smoke:} and {@code load:} of hivemind.yaml, as the validate stage gets them. */
class ProjectConfigValidationTest {
    @TempDir
    Path dir;

    @Test
    void smokeTestsAndLoadTargetsAreReadWithTheEnvironmentsOverlay() {
        write(dir, "hivemind.yaml", """
                smoke:
                  - path: /
                    expect_status: 200
                    expect_body: Welcome
                  - path: /api/items
                load:
                  requests: 50
                  p95_ms: 250
                  error_rate: 0
                environments:
                  prod:
                    load:
                      requests: 400
                      rate: 20.5
                """);

        ValidationPlan dev = ProjectFile.read(dir).validationPlan("dev");
        ValidationPlan prod = new RepositoryAnalyzer().validationPlan(dir, "prod");

        assertThat(dev.smoke()).containsExactly(new SmokeTest("/", Optional.of(200), Optional.of("Welcome")),
                new SmokeTest("/api/items", Optional.empty(), Optional.empty()));
        assertThat(dev.load()).isEqualTo(new LoadTargets(Optional.of(50), Optional.empty(), Optional.empty(),
                Optional.of(250.0), Optional.empty(), Optional.of(0.0)));
        assertThat(prod.smoke()).isEqualTo(dev.smoke());
        assertThat(prod.load()).isEqualTo(new LoadTargets(Optional.of(400), Optional.of(20.5), Optional.empty(),
                Optional.of(250.0), Optional.empty(), Optional.of(0.0)));
    }

    @Test
    void withoutTheKeysOrTheFileThereIsNothingToAdd() {
        assertThat(ProjectFile.read(dir).validationPlan("dev")).isEqualTo(ValidationPlan.NONE);
        write(dir, "hivemind.yaml", "app: shop\n");
        assertThat(ProjectFile.read(dir).validationPlan("dev")).isEqualTo(ValidationPlan.NONE);
    }

    @Test
    void aSmokeTestBreakingTheSchemaIsRefusedWithItsPath() {
        write(dir, "hivemind.yaml", """
                smoke:
                  - expect_status: 700
                load:
                  error_rate: 2
                """);

        assertThatThrownBy(() -> ProjectFile.read(dir).validationPlan("dev"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("smoke[0]")
                .hasMessageContaining("load.error_rate");
    }
}
