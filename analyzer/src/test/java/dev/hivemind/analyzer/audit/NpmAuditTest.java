package dev.hivemind.analyzer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code npm audit --json}'s report, from samples of what npm 10 prints. */
class NpmAuditTest {
    private static final String REPORT = """
            {
              "auditReportVersion": 2,
              "vulnerabilities": {
                "body-parser": {"name": "body-parser", "severity": "high", "isDirect": false, "via": ["qs"]},
                "qs": {"name": "qs", "severity": "high", "isDirect": false, "via": []},
                "cookie": {"name": "cookie", "severity": "low", "isDirect": false, "via": []},
                "send": {"name": "send", "severity": "moderate", "isDirect": false, "via": []}
              },
              "metadata": {
                "vulnerabilities": {"info": 0, "low": 1, "moderate": 1, "high": 2, "critical": 0, "total": 4},
                "dependencies": {"prod": 66, "dev": 0, "optional": 0, "peer": 0, "peerOptional": 0, "total": 65}
              }
            }
            """;
    private static final String REFUSED = """
            {
              "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
              "method": "POST",
              "statusCode": 405,
              "body": "",
              "error": {"summary": "", "detail": ""}
            }
            """;
    private static final String NO_LOCK = """
            {"error": {"code": "ENOLOCK", "summary": "This command requires an existing lockfile.\\nTry creating one.",
              "detail": "Try creating one first with: npm i --package-lock-only"}}
            """;

    @TempDir
    Path directory;

    @Test
    void aReportIsSummedUpBySeverity() {
        NpmAudit.Outcome outcome = NpmAudit.parse(REPORT);

        assertThat(outcome).isInstanceOfSatisfying(NpmAudit.Summary.class, summary -> {
            assertThat(summary.counts()).containsExactly(Map.entry("critical", 0), Map.entry("high", 2),
                    Map.entry("moderate", 1), Map.entry("low", 1), Map.entry("info", 0));
            assertThat(summary.total()).isEqualTo(4);
            assertThat(summary.describe()).isEqualTo("0 critical, 2 high, 1 moderate, 1 low, 0 info in 65 dependencies");
        });
    }

    @Test
    void aRegistryThatRefusesTheAuditGivesNpmsMessageAndSaysNothingWasAudited() {
        assertThat(NpmAudit.parse(REFUSED)).isEqualTo(new NpmAudit.Skipped("npm audit failed: the registry's audit "
                + "endpoint answered 405 Method Not Allowed - POST "
                + "https://registry.npmjs.org/-/npm/v1/security/advisories/bulk; the dependencies were not audited: "
                + "run `npm audit` where the registry answers audits"));
    }

    @Test
    void theRecordedAnswerOfThisMachinesRegistryIsAClearSkip() throws IOException {
        assertThat(NpmAudit.parse(sample("registry-refuses-audit-405.json")))
                .isEqualTo(NpmAudit.parse(REFUSED));
    }

    @Test
    void aFullNpm10ReportWithAdvisoriesIsSummedUpFromItsMetadata() throws IOException {
        NpmAudit.Outcome outcome = NpmAudit.parse(sample("npm10-report.json"));

        assertThat(outcome).isInstanceOfSatisfying(NpmAudit.Summary.class, summary -> assertThat(summary.describe())
                .isEqualTo("0 critical, 3 high, 1 moderate, 1 low, 0 info in 65 dependencies"));
    }

    /** Test data in src/test/resources/npm-audit: what npm 10 printed, recorded. */
    private static String sample(String name) throws IOException {
        try (var in = NpmAuditTest.class.getResourceAsStream("/npm-audit/" + name)) {
            return new String(java.util.Objects.requireNonNull(in, name).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void anErrorGivesTheFirstLineOfItsSummary() {
        assertThat(NpmAudit.parse(NO_LOCK))
                .isEqualTo(new NpmAudit.Skipped("npm audit failed: This command requires an existing lockfile."));
    }

    @Test
    void outputThatIsNotJsonIsNoReport() {
        assertThat(NpmAudit.parse("npm ERR! network ETIMEDOUT\n"))
                .isEqualTo(new NpmAudit.Skipped("npm audit printed no JSON report"));
        assertThat(NpmAudit.parse("")).isEqualTo(new NpmAudit.Skipped("npm audit printed no JSON report"));
    }

    @Test
    void withoutALockFileOrWithoutNpmNothingRuns() throws IOException {
        Files.writeString(directory.resolve("package.json"), "{\"name\":\"shop\"}");

        assertThat(NpmAudit.run(directory, System.getenv("PATH"), Duration.ofSeconds(5))).isEqualTo(
                new NpmAudit.Skipped("no package-lock.json or npm-shrinkwrap.json to audit (npm audit needs a lock file)"));

        Files.writeString(directory.resolve("package-lock.json"), "{\"lockfileVersion\":3,\"packages\":{}}");
        assertThat(NpmAudit.run(directory, directory.toString(), Duration.ofSeconds(5)))
                .isEqualTo(new NpmAudit.Skipped("npm is not on the PATH"));
    }
}
