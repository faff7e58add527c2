package dev.hivemind.analyzer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SourceAudit;
import dev.hivemind.api.TechStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harden stage's audit: secret findings and the dependency audit as security checks. */
class RepositoryAuditTest {
    private static final String KEY_ID = "AKIA" + "IOSFODNN7EXAMPLQ";

    @TempDir
    Path root;

    @Test
    void eachSecretIsAFailedCheckWithFileAndLineAndARecommendation() throws IOException {
        Files.writeString(root.resolve("main.go"), "package main\n\nconst key = \"" + KEY_ID + "\"\n");

        SourceAudit.Report report = new RepositoryAudit("", Duration.ofSeconds(5)).audit(root, stack("go", "go"));

        assertThat(report.checks()).containsExactly(
                new SecurityCheck("committed-secret", false, "main.go:3: AWS access key id (AKIA…, 20 characters)"),
                new SecurityCheck("dependency-audit", true,
                        "skipped: no dependency audit tool for go works here (only npm audit has its registry within reach)"));
        assertThat(report.recommendations()).singleElement().asString()
                .startsWith("1 possible secret(s) in the source (1 files scanned, 0 binary or larger than 1024 KiB "
                        + "skipped): revoke and rotate each one");
        assertThat(report.toString()).doesNotContain(KEY_ID);
    }

    @Test
    void aCleanNodeAppPassesAndSaysWhyItsAuditWasSkipped() throws IOException {
        Files.writeString(root.resolve("server.js"), "require('http').createServer().listen(process.env.PORT);\n");
        Files.writeString(root.resolve("package.json"), "{\"name\":\"shop\"}");

        SourceAudit.Report report = new RepositoryAudit("", Duration.ofSeconds(5)).audit(root, stack("nodejs", "npm"));

        assertThat(report.checks()).containsExactly(
                new SecurityCheck("committed-secrets", true,
                        "no secrets found in the source (2 files scanned, 0 binary or larger than 1024 KiB skipped)"),
                new SecurityCheck("dependency-audit", true, "skipped: no package-lock.json or npm-shrinkwrap.json to "
                        + "audit (npm audit needs a lock file)"));
        assertThat(report.recommendations()).isEmpty();
    }

    @Test
    void onlyTheFirstFiftyFindingsAreListed() throws IOException {
        Files.writeString(root.resolve("keys.txt"), (KEY_ID + "\n").repeat(RepositoryAudit.MAX_REPORTED + 3));

        List<SecurityCheck> checks = new RepositoryAudit("", Duration.ofSeconds(5)).audit(root, stack("go", "go"))
                .checks();

        assertThat(checks).hasSize(RepositoryAudit.MAX_REPORTED + 2);
        assertThat(checks.get(RepositoryAudit.MAX_REPORTED))
                .isEqualTo(new SecurityCheck("committed-secret", false, "3 more possible secrets not listed"));
    }

    private static TechStack stack(String language, String buildTool) {
        return new TechStack(language, "none", "1", List.of(), false, Optional.empty(), buildTool, "./app",
                Optional.empty(), List.of());
    }
}
