package dev.hivemind.engine.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.SecretMask;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.HookStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    @Test
    void nothingAHookStartsOutlivesIt() throws Exception {
        // a post-deploy hook that starts daemons and returns: one in a session of its own (setsid), one with nohup,
        // a plain background child; each would sleep long after the hook is over
        String command = "setsid sh -c 'echo $$ > setsid.pid; exec sleep 300' </dev/null >/dev/null 2>&1 & "
                + "nohup sh -c 'echo $$ > nohup.pid; exec sleep 301' </dev/null >/dev/null 2>&1 & "
                + "sh -c 'echo $$ > child.pid; exec sleep 302' & "
                + "while [ ! -s setsid.pid ] || [ ! -s nohup.pid ] || [ ! -s child.pid ]; do sleep 0.05; done; "
                + "echo started";
        HookStep hook = HookStep.pending(HookName.POST_DEPLOY, List.of(command), Duration.ofSeconds(30));
        HookShell.Setting setting = new HookShell.Setting(workspace, Map.of(), SecretMask.NONE, Agent.DEPLOYER,
                "Running hook post-deploy", "resume");

        HookShell.run(hook, setting, line -> { });

        for (String name : List.of("setsid.pid", "nohup.pid", "child.pid")) {
            long pid = Long.parseLong(Files.readString(workspace.resolve(name)).strip());
            ProcessHandle.of(pid).ifPresent(process -> process.onExit().orTimeout(5, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as(name + " " + pid).isEmpty();
        }
    }
}
