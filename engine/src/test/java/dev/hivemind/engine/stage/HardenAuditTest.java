package dev.hivemind.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.SourceAudit;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.engine.Conductor;
import dev.hivemind.engine.Fixture;
import dev.hivemind.engine.LogLines;
import dev.hivemind.engine.Pipeline;
import dev.hivemind.engine.RunRange;
import dev.hivemind.engine.retry.RetryPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The harden stage records the source audit's findings next to the target's checks, and outlives its failure. */
class HardenAuditTest {
    private static final SecurityCheck SECRET = new SecurityCheck("committed-secret", false,
            "config/aws.py:3: AWS access key id (AKIA…, 20 characters)");
    private static final SecurityCheck AUDIT = new SecurityCheck("dependency-audit", true,
            "npm audit: 0 critical, 0 high, 0 moderate, 0 low, 0 info in 65 dependencies");

    private final Fixture fixture = new Fixture("http://127.0.0.1:9");
    private final List<Path> audited = new ArrayList<>();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void findingsJoinTheTargetsChecksAndTheLogWithTheScoreUnchanged() {
        SourceAudit audit = (directory, stack) -> {
            audited.add(directory);
            return new SourceAudit.Report(List.of(SECRET, AUDIT), List.of("rotate the AWS key"));
        };

        var done = run(audit);

        assertThat(audited).containsExactly(fixture.source);
        SecurityConfig security = done.securityConfig().orElseThrow();
        assertThat(security.vulnerabilityScanResults()).extracting(SecurityCheck::name)
                .containsExactly("listeners", "file modes", "committed-secret", "dependency-audit");
        assertThat(security.recommendations()).containsExactly("Serve TLS in front of port 8080",
                "rotate the AWS key");
        assertThat(security.securityScore()).isEqualTo(75);
        assertThat(LogLines.read(fixture.store.paths(done.deploymentId()).logFile()))
                .anyMatch(line -> line.level().equals("WARN") && line.firstLine().equals(
                        "check committed-secret did not pass: config/aws.py:3: AWS access key id (AKIA…, 20 characters)"))
                .anyMatch(line -> line.level().equals("INFO") && line.firstLine().equals(
                        "recommendation: rotate the AWS key"));
    }

    @Test
    void aFailingAuditIsAWarningAndTheStageCompletes() {
        var done = run((directory, stack) -> {
            throw new IllegalStateException("scanner broke");
        });

        assertThat(done.stage(StageName.HARDEN).orElseThrow().status()).isEqualTo(StageStatus.COMPLETED);
        assertThat(done.securityConfig().orElseThrow().vulnerabilityScanResults()).extracting(SecurityCheck::name)
                .containsExactly("listeners", "file modes");
        assertThat(done.logs()).anyMatch(entry -> entry.level() == LogEntry.Level.WARN && entry.message().equals(
                "the source audit failed and was skipped: java.lang.IllegalStateException: scanner broke"));
    }

    private dev.hivemind.api.state.DeploymentState run(SourceAudit audit) {
        Conductor conductor = new Conductor(fixture.store, Pipeline.standard(fixture.services().withSourceAudit(audit)),
                RetryPolicy.defaults(), fixture.clock, fixture.sleeper, fixture.listener);
        return conductor.start(fixture.newDeployment(), Map.of(), RunRange.through(StageName.HARDEN));
    }
}
