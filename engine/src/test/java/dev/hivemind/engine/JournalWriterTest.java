package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.Agent;
import dev.hivemind.api.BuildException;
import dev.hivemind.api.DeployRequest;
import dev.hivemind.api.DeploymentState;
import dev.hivemind.api.ErrorEntry;
import dev.hivemind.api.LogEntry;
import dev.hivemind.api.Status;
import dev.hivemind.api.Strategy;
import dev.hivemind.api.ValidationCheck;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalWriterTest {
    private static final Instant AT = Instant.parse("2026-11-22T03:35:12.123Z");

    private final DeploymentState initial = DeploymentState.initial("20261122-033512-123-000abcdefgh", "shop",
            "local", "", new DeployRequest("/srv/shop", Optional.empty(), Strategy.BLUE_GREEN, Optional.empty(),
                    false), AT);

    @Test
    void everySectionIsThereInOrderEvenBeforeAnythingRan() {
        String journal = new JournalWriter().render(initial);

        int previous = -1;
        for (String section : JournalWriter.SECTIONS) {
            int at = journal.indexOf("\n## " + section + "\n");
            assertThat(at).as(section).isGreaterThan(previous);
            previous = at;
        }
        assertThat(journal).contains("Nothing provisioned yet.", "Not validated yet.", "No errors, retries or warnings.",
                "- `hivemind resume 20261122-033512-123-000abcdefgh`");
        assertThat(journal).contains("Environment " + initial.request().environment() + ", strategy "
                + initial.strategy() + ", region ");
    }

    @Test
    void aFailureIsALearningWithItsRemediation() {
        BuildException error = new BuildException(Agent.COMPILER, "npm ci failed with exit code 1",
                "Installing dependencies", "Check package.json for invalid dependencies");
        DeploymentState failed = initial
                .withLog(new LogEntry(AT, Agent.COMPILER, LogEntry.Level.ERROR, "020 build failed:\nnpm ci"))
                .withError(ErrorEntry.of(AT, error))
                .withStatus(Status.FAILED, AT);

        String journal = new JournalWriter().render(failed);

        assertThat(journal).contains("- Status: **failed** (finished 2026-11-22T03:35:12.123Z)")
                .contains("- **[HiveMind Compiler] BuildError** at 2026-11-22T03:35:12.123Z: npm ci failed with exit "
                        + "code 1\n  - Context: Installing dependencies\n  - Remediation: Check package.json for "
                        + "invalid dependencies")
                .contains("- `2026-11-22T03:35:12.123Z` [Compiler] ERROR 020 build failed: / npm ci")
                .doesNotContain("\tat ");
    }

    @Test
    void tableCellsKeepTheirPipesEscaped() {
        DeploymentState validated = initial.withValidation(List.of(new ValidationCheck("health", "http://x/a|b",
                false, 502, 12, "got 502 | bad gateway")));

        assertThat(new JournalWriter().render(validated))
                .contains("| health | http://x/a\\|b | FAILED | 502 | 12 ms | got 502 \\| bad gateway |");
    }
}
