package dev.hivemind.engine.hook;

import dev.hivemind.api.SecretMask;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.host.ChildGroup;
import dev.hivemind.api.host.LaunchFailure;
import dev.hivemind.api.host.Leftovers;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.engine.GateKeeper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the commands of one hook, each by {@code /bin/sh -c} in the workspace, one after the other within the hook's
 * timeout, their output (stdout and stderr together) passed on line by line, the secrets of the deployment masked.
 * Each runs in a process group of its own that dies with this process ({@link ChildGroup}): a killed deploy leaves
 * no hook running; and nothing a command starts outlives it: a daemon it left running when it ended (even one that
 * left the group with setsid or nohup) is killed then ({@link Leftovers}), as a build's are. The first command that fails, times out or cannot start fails the hook with its exit code and
 * last output lines.
 */
public final class HookShell {
    private static final int TAIL_LINES = 15;
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    /**
     * Where and for whom a hook runs.
     *
     * @param workspace   the app's directory, the commands' working directory
     * @param environment added to the CLI's own environment (the app's values and the {@code HIVEMIND_*} ones)
     * @param secrets     what to mask in every line the commands print
     * @param agent       the agent named in an error
     * @param context     what was being done, for an error
     * @param remediation what to do after fixing the hook, for an error
     */
    public record Setting(Path workspace, Map<String, String> environment, SecretMask secrets, Agent agent,
                          String context, String remediation) {
        public Setting {
            Objects.requireNonNull(workspace, "workspace");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(secrets, "secrets");
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(remediation, "remediation");
        }
    }

    private HookShell() {
    }

    /**
     * @throws DeploymentException when a command exits non-zero, times out (it is killed with what it started) or
     *                             cannot start, or the workspace is gone; an interrupt kills it, keeps the
     *                             thread's flag and is the error's cause
     */
    public static void run(HookStep hook, Setting setting, Consumer<String> output) {
        if (!Files.isDirectory(setting.workspace())) {
            throw failure(hook, setting, "its workspace " + setting.workspace() + " does not exist", List.of(), null);
        }
        Instant deadline = Instant.now().plus(hook.timeout());
        Deque<String> tail = new ArrayDeque<>();
        for (String command : hook.commands()) {
            runCommand(hook, command, setting, line -> {
                String masked = setting.secrets().apply(line);
                keep(tail, masked);
                output.accept(masked);
            }, tail, Duration.between(Instant.now(), deadline));
        }
    }

    private static void runCommand(HookStep hook, String command, Setting setting, Consumer<String> output,
                                   Deque<String> tail, Duration left) {
        output.accept("$ " + command);
        Leftovers leftovers = Leftovers.mark();
        Process process;
        try {
            process = ChildGroup.start(List.of("/bin/sh", "-c", command), setting.workspace(), builder -> {
                builder.redirectErrorStream(true);
                builder.environment().putAll(setting.environment());
                builder.environment().put(Leftovers.VARIABLE, leftovers.value());
            });
        } catch (IOException error) {
            Optional<String> tooLarge = LaunchFailure.describe(error, List.of("/bin/sh", "-c", command),
                    setting.environment());
            if (tooLarge.isPresent()) {
                throw new DeploymentException(setting.agent(), "hook " + hook.name() + " failed: `" + command
                        + "` could not start: " + tooLarge.get(), setting.context(), LaunchFailure.remedy()
                        + ", then " + setting.remediation(), error);
            }
            throw failure(hook, setting, "`" + command + "` could not start: " + error.getMessage(), List.of(), error);
        }
        Thread reader = Thread.ofVirtual().start(() -> copy(process, output));
        try {
            boolean exited = !left.isNegative() && process.waitFor(left.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                kill(process);
            }
            // a daemon it left may hold its output open: end it before reading the rest
            leftovers.end();
            if (!exited) {
                reader.join(OUTPUT_GRACE.toMillis());
                throw failure(hook, setting, "`" + command + "` did not finish within the hook's timeout of "
                        + GateKeeper.describe(hook.timeout()) + " and was stopped", lines(tail), null);
            }
            reader.join(OUTPUT_GRACE.toMillis());
            if (process.exitValue() != 0) {
                throw failure(hook, setting, "`" + command + "` exited with code " + process.exitValue(),
                        lines(tail), null);
            }
        } catch (InterruptedException interrupted) {
            kill(process);
            leftovers.end();
            Thread.currentThread().interrupt();
            throw failure(hook, setting, "`" + command + "` was interrupted", lines(tail), interrupted);
        }
    }

    private static void keep(Deque<String> tail, String line) {
        synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }

    private static void copy(Process process, Consumer<String> output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.accept(line);
            }
        } catch (IOException closed) {
            // the process was killed: its output ends here
        }
    }

    private static List<String> lines(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** The shell and whatever it started in its group: a hook must not leave a build or a server running. */
    private static void kill(Process process) {
        List<ProcessHandle> started = process.descendants().toList();
        ChildGroup.end(process);
        started.forEach(ProcessHandle::destroyForcibly);
    }

    private static DeploymentException failure(HookStep hook, Setting setting, String what, List<String> tail,
                                               Throwable cause) {
        String output = tail.isEmpty() ? "" : "; its last output:\n    " + String.join("\n    ", tail);
        return new DeploymentException(setting.agent(), "hook " + hook.name() + " failed: " + what + output,
                setting.context(), "Fix what hooks." + hook.name() + " runs (by /bin/sh in " + setting.workspace()
                + "), then " + setting.remediation(), cause);
    }
}
