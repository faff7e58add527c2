package dev.hivemind.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.error.PreflightException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.Fixture;
import dev.hivemind.engine.RunRange;
import dev.hivemind.engine.StageSettings;
import dev.hivemind.engine.preflight.DiskSpace;
import dev.hivemind.engine.preflight.ToolCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PreflightStageTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Fixture fixture = new Fixture("http://127.0.0.1:9");

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void runsEachToolAndRecordsItsVersion() {
        fixture.analyzer.requiring(List.of(new ToolRequirement(JAVA, "-version", "Install a JDK")));

        DeploymentState state = fixture.conductor().start(fixture.newDeployment(), Map.of(),
                RunRange.through(StageName.PREFLIGHT));

        assertThat(state.stage(StageName.PREFLIGHT).orElseThrow().status()).isEqualTo(StageStatus.COMPLETED);
        assertThat(state.status()).isEqualTo(Status.PENDING);
        assertThat(state.logs()).extracting(LogEntry::message)
                .anyMatch(message -> message.matches("check tool " + java.util.regex.Pattern.quote(JAVA)
                        + " passed: .*version \"?" + Runtime.version().feature() + ".*"));
    }

    @Test
    void reportsEveryCriticalFailureAtOnceWithItsRemediation() {
        fixture.analyzer.requiring(List.of(
                new ToolRequirement("hivemind-no-such-tool", "--version", "Install it from https://example.com"),
                new ToolRequirement("false", "", "Use a working false")));
        fixture.target.checking(List.of(
                new PreflightCheck("port 8080", false, true, "in use by pid 4121", "Pass --port or stop pid 4121"),
                new PreflightCheck("agent", false, false, "not running", "It starts in provision")));
        DeploymentState initial = fixture.newDeployment();

        PreflightException error = catchThrowableOfType(PreflightException.class,
                () -> fixture.conductor().start(initial, Map.of(), RunRange.all()));

        assertThat(error.getMessage()).startsWith("3 preflight checks failed: tool hivemind-no-such-tool: "
                        + "`hivemind-no-such-tool` is not installed: it is not on the PATH (")
                .contains("; tool false: `false` exited with 1; port 8080: in use by pid 4121");
        assertThat(error.remediation()).isEqualTo("tool hivemind-no-such-tool: Install it from https://example.com; "
                + "tool false: Use a working false; port 8080: Pass --port or stop pid 4121");
        DeploymentState failed = fixture.store.load(initial.deploymentId());
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.logs()).filteredOn(entry -> entry.level() == LogEntry.Level.WARN)
                .extracting(LogEntry::message)
                .containsExactly("check agent warns: not running (It starts in provision)");
        assertThat(fixture.faults.calls(StageName.ANALYZE)).isZero();
    }

    @Test
    void aToolThatHangsFailsAfterTheTimeout() {
        PreflightCheck check = new ToolCheck(Duration.ofMillis(300))
                .check(new ToolRequirement("sleep", "30", "Fix sleep"));

        assertThat(check.passed()).isFalse();
        assertThat(check.critical()).isTrue();
        assertThat(check.detail()).isEqualTo("`sleep 30` did not finish within 0.3 s");
    }

    @Test
    void diskSpaceWarnsUnderOneGibibyteAndFailsUnderOneHundredMebibytes() {
        DiskSpace disk = new DiskSpace(StageSettings.defaults().diskWarnBytes(),
                StageSettings.defaults().diskFailBytes());
        Path home = Path.of("/home/me/.hivemind");
        long mib = 1024L * 1024L;

        PreflightCheck plenty = disk.judge(5 * 1024 * mib, home);
        PreflightCheck low = disk.judge(512 * mib, home);
        PreflightCheck full = disk.judge(50 * mib, home);

        assertThat(plenty.passed()).isTrue();
        assertThat(plenty.detail()).isEqualTo("5.0 GiB free in /home/me/.hivemind");
        assertThat(low).extracting(PreflightCheck::passed, PreflightCheck::critical).containsExactly(false, false);
        assertThat(low.detail()).isEqualTo("512.0 MiB free in /home/me/.hivemind, below the 1.0 GiB recommended");
        assertThat(full).extracting(PreflightCheck::passed, PreflightCheck::critical).containsExactly(false, true);
        assertThat(full.detail()).isEqualTo("50.0 MiB free in /home/me/.hivemind, below the 100.0 MiB needed");
    }
}
