package dev.hivemind.engine.state;

import static dev.hivemind.engine.report.ReportStates.AT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.ErrorEntry;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.report.ReportStates;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

public class JournalWriterTest {
    private final DeploymentState initial = ReportStates.initial();
    private final String deployed = new JournalWriter().render(ReportStates.deployed());

    @Test
    void hasExactlyTheEightSectionsInOrderEvenBeforeAnythingRan() {
        String journal = new JournalWriter().render(initial);

        List<String> headings = new ArrayList<>();
        Matcher heading = Pattern.compile("(?m)^## (.+)$").matcher(journal);
        while (heading.find()) {
            headings.add(heading.group(1));
        }
        assertThat(headings).containsExactly("Current Phase", "Git References", "Deployment Plan",
                "Infrastructure Changes", "Application Deployment", "Validation Results", "Progress Log",
                "Key Learnings");
        assertThat(JournalWriter.SECTIONS).isEqualTo(headings);
        assertThat(journal).contains("Nothing provisioned yet.", "Not validated yet.", "No errors, retries or warnings.",
                "- `hivemind resume 20261122-033512-123-000abcdefgh`");
        assertThat(journal).contains("Environment " + initial.request().environment() + ", strategy "
                + initial.strategy() + ", region ");
    }

    @Test
    void currentPhaseNamesTheStatusTheLastStageAndTheNextSteps() {
        assertThat(section(deployed, "Current Phase"))
                .contains("- Status: **complete** (finished 2026-11-22T03:35:21.123Z)")
                .contains("- Stage: 070 report (completed, agent Conductor)")
                .contains("- URL: http://127.0.0.1:8080")
                .contains("Next steps:", "- `hivemind rollback shop`", "- `hivemind destroy shop`");
    }

    @Test
    void gitReferencesNameRepositoryBranchAndCommit() {
        assertThat(section(deployed, "Git References")).contains("- Repository: https://example.com/shop.git",
                "- Branch: main", "- Commit: 4b825dc642cb6eb9a060e54bf8d69288fbee4904");
        assertThat(section(new JournalWriter().render(initial), "Git References"))
                .contains("The source has not been fetched yet (/srv/shop).");
    }

    @Test
    void deploymentPlanListsEveryStageWithWhatItDoes() {
        String plan = section(deployed, "Deployment Plan");

        assertThat(plan).contains("Environment dev, strategy blue-green, region local.")
                .contains("| 020 | build | Compiler | build with the stack's real toolchain, produce an artifact | "
                        + "completed | 2 | 2026-11-22T03:35:15.123Z | 0.9 s |");
        assertThat(plan.lines().filter(line -> line.startsWith("| 0"))).hasSize(9);
    }

    @Test
    void infrastructureChangesListWhatWasCreated() {
        assertThat(section(deployed, "Infrastructure Changes")).contains("- Target: local",
                "- bind_address: 127.0.0.1", "- public_port: 8080",
                "- Created port `8080`: public port of the edge proxy");
    }

    @Test
    void applicationDeploymentShowsStackArtifactReleaseAndHardeningWithoutSecretValues() {
        String deployment = section(deployed, "Application Deployment");

        assertThat(deployment).contains("- Language: node 20, framework express",
                "- Checksum: " + ReportStates.CHECKSUM, "- Built with `npm ci` in 12.5 s",
                "- Release " + ReportStates.ID + " of shop: running, pid 4121",
                "- Environment variables: API_TOKEN (values redacted)", "- Security score 85/100, TLS off",
                "- Recommendation: enable TLS with --tls");
        assertThat(deployment).doesNotContain("***");
    }

    @Test
    void validationResultsTabulateEveryCheck() {
        assertThat(section(deployed, "Validation Results")).contains(
                "| health | http://127.0.0.1:8080/health | passed | 200 | 42 ms | expected 2xx/3xx, got 200 |");
    }

    @Test
    void progressLogIsTimestamped() {
        assertThat(section(deployed, "Progress Log")).contains("- `2026-11-22T03:35:15.123Z` [Compiler] WARN 020 "
                + "build attempt 1 of 2 failed: NetworkError: registry timeout; retrying in 2.0 s");
    }

    @Test
    void keyLearningsHoldRetries() {
        assertThat(section(deployed, "Key Learnings")).contains("- Stage build took 2 attempts",
                "- Warning from Compiler: 020 build attempt 1 of 2 failed");
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

        assertThat(section(journal, "Key Learnings")).contains("- **[HiveMind Compiler] BuildError** at "
                + "2026-11-22T03:35:12.123Z: npm ci failed with exit code 1\n  - Context: Installing dependencies\n"
                + "  - Remediation: Check package.json for invalid dependencies");
        assertThat(journal).contains("- Status: **failed** (finished 2026-11-22T03:35:12.123Z)")
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

    /** The text of one {@code ##} section, up to the next. */
    public static String section(String markdown, String title) {
        int start = markdown.indexOf("\n## " + title + "\n");
        assertThat(start).as("section " + title).isNotNegative();
        int end = markdown.indexOf("\n## ", start + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }
}
