package dev.hivemind.engine.preflight;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.StackAnalyzer.VersionRequirement;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.PreflightException;
import dev.hivemind.api.host.LaunchFailure;
import dev.hivemind.engine.StageRunner;
import dev.hivemind.engine.state.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks that a tool is on the PATH and runs: {@code <command> <versionArgument>} within a timeout; records the
 * version it prints and, when the app asks for a version, judges it.
 */
public final class ToolCheck {
    private static final int MAX_OUTPUT = 16 * 1024;

    private final Duration timeout;
    private final String path;

    /** Tools looked for on this process's PATH. */
    public ToolCheck(Duration timeout) {
        this(timeout, Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    /** Tools looked for on {@code path}, which the version command also runs with. */
    public ToolCheck(Duration timeout, String path) {
        this.timeout = timeout;
        this.path = path;
    }

    public List<PreflightCheck> checkAll(List<ToolRequirement> requirements) {
        return requirements.stream().map(this::check).toList();
    }

    public PreflightCheck check(ToolRequirement tool) {
        Optional<Path> executable = locate(tool.command(), path);
        if (executable.isEmpty()) {
            return failed(tool, "`" + tool.command() + "` is not installed: it is not on the PATH (" + path + ")");
        }
        List<String> command = commandLine(executable.get().toString(), tool);
        String shown = String.join(" ", commandLine(tool.command(), tool));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PATH", path);
            process = builder.start();
        } catch (IOException notFound) {
            Optional<String> tooLarge = LaunchFailure.describe(notFound, command, Map.of("PATH", path));
            if (tooLarge.isPresent()) {
                return new PreflightCheck("tool " + tool.command(), false, true, tooLarge.get(),
                        LaunchFailure.remedy());
            }
            return failed(tool, "`" + tool.command() + "` cannot be run: " + IoErrors.describe(notFound));
        }
        AtomicReference<String> output = new AtomicReference<>("");
        Thread reader = Thread.ofVirtual().start(() -> output.set(read(process.getInputStream())));
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return failed(tool, "`" + shown + "` did not finish within " + StageRunner.seconds(timeout));
            }
            reader.join(Duration.ofSeconds(1));
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PreflightException(Agent.CONDUCTOR, "interrupted while running `" + shown + "`",
                    "Checking the tools the app needs", "Run the deployment again", interrupted);
        } catch (IOException closing) {
            return failed(tool, "`" + shown + "` could not be started: " + IoErrors.describe(closing));
        }
        String version = firstLine(output.get());
        if (process.exitValue() != 0) {
            return failed(tool, "`" + shown + "` exited with " + process.exitValue()
                    + (version.isEmpty() ? "" : ": " + version));
        }
        String printed = version.isEmpty() ? "`" + shown + "` ran" : version;
        return tool.version().map(wanted -> judged(tool, wanted, output.get(), printed))
                .orElseGet(() -> new PreflightCheck("tool " + tool.command(), true, true, printed, tool.installHint()));
    }

    /** Fails when the version printed does not satisfy what the app asks for; passes, saying so, when unreadable. */
    private static PreflightCheck judged(ToolRequirement tool, VersionRequirement wanted, String output,
                                         String printed) {
        String name = "tool " + tool.command();
        Optional<String> version = wanted.versionIn(output);
        if (version.isEmpty()) {
            return new PreflightCheck(name, true, true, printed + " (no version found in it to check against "
                    + wanted.wanted() + ")", tool.installHint());
        }
        Optional<Boolean> satisfied = wanted.satisfiedBy(version.get());
        if (satisfied.isEmpty()) {
            return new PreflightCheck(name, true, true, printed + " (" + version.get() + " not checked: HiveMind "
                    + "cannot read the constraint of " + wanted.wanted() + ")", tool.installHint());
        }
        if (!satisfied.get()) {
            return new PreflightCheck(name, false, true, tool.command() + " is " + version.get() + " but the app "
                    + "asks for " + wanted.wanted(), wanted.remedy(version.get()));
        }
        return new PreflightCheck(name, true, true, printed + ", which satisfies " + wanted.wanted(),
                tool.installHint());
    }

    /** The executable {@code command} names: itself when it is a path, else the first match on {@code path}. */
    static Optional<Path> locate(String command, String path) {
        if (command.contains("/")) {
            return Optional.of(Path.of(command)).filter(Files::isExecutable);
        }
        return Arrays.stream(path.split(":")).filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).resolve(command))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate)).findFirst();
    }

    private static List<String> commandLine(String executable, ToolRequirement tool) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        if (!tool.versionArgument().isBlank()) {
            command.addAll(Arrays.asList(tool.versionArgument().trim().split("\\s+")));
        }
        return command;
    }

    private static PreflightCheck failed(ToolRequirement tool, String detail) {
        return new PreflightCheck("tool " + tool.command(), false, true, detail, tool.installHint());
    }

    private static String read(InputStream stream) {
        try (stream) {
            String kept = new String(stream.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
            stream.transferTo(OutputStream.nullOutputStream());
            return kept;
        } catch (IOException closed) {
            return "";
        }
    }

    private static String firstLine(String output) {
        String line = output.lines().map(String::strip).filter(text -> !text.isEmpty()).findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
