package dev.hivemind.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ToolCheckTest {
    @Test
    void aPathTooLargeToStartTheToolWithIsSaidSoNotThatTheToolIsMissing() {
        String hugePath = "/usr/bin:/bin:" + "/x".repeat(100_000);

        PreflightCheck check = new ToolCheck(Duration.ofSeconds(10), hugePath)
                .check(new ToolRequirement("true", "--version", "apt-get install coreutils"));

        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).contains("its environment and arguments are too large (E2BIG, Argument list too "
                + "long); the largest variable, PATH, is 200020 bytes");
        assertThat(check.remediation()).startsWith("Make the environment smaller").doesNotContain("apt-get");
    }
}
