package dev.hivemind.analyzer.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.BuildException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStepsTest {
    @TempDir
    Path directory;

    @Test
    void anEnvironmentTooLargeToStartAToolIsSaidSoNotThatTheToolIsBroken() {
        BuildStep step = new BuildStep(List.of("node", "--version"), "Checking Node.js",
                "Check that 'node --version' works");

        BuildException refused = catchThrowableOfType(BuildException.class, () -> BuildSteps.outcome(step,
                List.of("/bin/true", "--version"), directory, Map.of("HUGE_BLOB", "x".repeat(200_000)),
                Progress.none()));

        assertThat(refused.getMessage()).startsWith("cannot run node --version: the system refused to start "
                + "`/bin/true`: its environment and arguments are too large (E2BIG, Argument list too long); the "
                + "largest variable, HUGE_BLOB, is 200011 bytes");
        assertThat(refused.remediation()).startsWith("Make the environment smaller").doesNotContain("--version");
    }

    @Test
    void theLastLinesOfAFailedStepQuoteNoSecretOfItsEnvironment() {
        BuildStep step = BuildStep.shell("echo \"using $API_TOKEN\"; exit 1", "Building", "Fix the build");

        BuildException failed = catchThrowableOfType(BuildException.class, () -> BuildSteps.run(step,
                List.of("/bin/sh", "-c", "echo \"using $API_TOKEN\"; exit 1"), directory,
                Map.of("API_TOKEN", "tok-5f3a9c"), Progress.none()));

        assertThat(failed.remediation()).contains("using ***").doesNotContain("tok-5f3a9c");
    }
}
