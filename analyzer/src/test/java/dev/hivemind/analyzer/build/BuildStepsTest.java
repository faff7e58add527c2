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

    @Test
    void nothingABuildStartsOutlivesIt() throws Exception {
        // a build script that leaves daemons behind: one in a session of its own (setsid), one with nohup, and a
        // plain background child, each sleeping long after the build is over
        String script = "setsid sh -c 'echo $$ > setsid.pid; exec sleep 300' </dev/null >/dev/null 2>&1 &\n"
                + "nohup sh -c 'echo $$ > nohup.pid; exec sleep 301' </dev/null >/dev/null 2>&1 &\n"
                + "sh -c 'echo $$ > child.pid; exec sleep 302' &\n"
                + "while [ ! -s setsid.pid ] || [ ! -s nohup.pid ] || [ ! -s child.pid ]; do sleep 0.05; done\n"
                + "echo built\n";
        BuildStep step = BuildStep.shell(script, "Building", "Fix the build");

        BuildSteps.run(step, step.command(), directory, Map.of(), Progress.none());

        for (String name : List.of("setsid.pid", "nohup.pid", "child.pid")) {
            long pid = Long.parseLong(java.nio.file.Files.readString(directory.resolve(name)).strip());
            java.util.Optional<ProcessHandle> left = ProcessHandle.of(pid);
            left.ifPresent(process -> process.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as(name + " " + pid).isEmpty();
        }
    }

    @Test
    void pnpmsIgnoredBuildsAreAboutApprovingBuildScriptsNotTheLockFile() {
        String script = "echo ' ERR_PNPM_IGNORED_BUILDS  Ignored build scripts: esbuild.'; exit 1";
        BuildStep step = new BuildStep(List.of("/bin/sh", "-c", script), "Installing dependencies",
                "Check package.json for invalid dependencies and that pnpm-lock.yaml agrees with package.json");

        BuildException failed = catchThrowableOfType(BuildException.class, () -> BuildSteps.run(step, step.command(),
                directory, Map.of(), Progress.none()));

        assertThat(failed.remediation()).startsWith("pnpm did not run the build scripts of some dependencies "
                + "(ERR_PNPM_IGNORED_BUILDS").contains("pnpm approve-builds", "onlyBuiltDependencies")
                .doesNotContain("pnpm-lock.yaml agrees");
    }
}
