package dev.hivemind.engine.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.SecretMask;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.HookStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookShellTest {
    @TempDir
    Path workspace;

    @Test
    void anEnvironmentTooLargeToStartTheShellIsSaidSo() {
        HookStep hook = HookStep.pending(HookName.POST_BUILD, List.of("echo hi"), Duration.ofSeconds(10));
        HookShell.Setting setting = new HookShell.Setting(workspace, Map.of("HUGE_BLOB", "x".repeat(200_000)),
                SecretMask.NONE, Agent.DEPLOYER, "Running hook post-build", "resume");

        DeploymentException refused = catchThrowableOfType(DeploymentException.class,
                () -> HookShell.run(hook, setting, line -> { }));

        assertThat(refused.getMessage()).startsWith("hook post-build failed: `echo hi` could not start: the system "
                + "refused to start `/bin/sh`: its environment and arguments are too large (E2BIG, Argument list too "
                + "long); the largest variable, HUGE_BLOB, is 200011 bytes");
        assertThat(refused.remediation()).startsWith("Make the environment smaller").endsWith(", then resume");
    }
}
