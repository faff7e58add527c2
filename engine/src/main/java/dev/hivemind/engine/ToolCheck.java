package dev.hivemind.engine;

import dev.hivemind.api.Agent;
import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.PreflightException;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Checks that a tool runs: {@code <command> <versionArgument>} within a timeout; records the version it prints. */
final class ToolCheck {
    private static final int MAX_OUTPUT = 16 * 1024;

    private final Duration timeout;

    ToolCheck(Duration timeout) {
        this.timeout = timeout;
    }

    List<PreflightCheck> checkAll(List<ToolRequirement> requirements) {
        return requirements.stream().map(this::check).toList();
    }

    PreflightCheck check(ToolRequirement tool) {
        List<String> command = commandLine(tool);
        String shown = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notFound) {
            return failed(tool, "`" + tool.command() + "` cannot be run: " + SecureFiles.describe(notFound));
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
            return failed(tool, "`" + shown + "` could not be started: " + SecureFiles.describe(closing));
        }
        String version = firstLine(output.get());
        if (process.exitValue() != 0) {
            return failed(tool, "`" + shown + "` exited with " + process.exitValue()
                    + (version.isEmpty() ? "" : ": " + version));
        }
        return new PreflightCheck("tool " + tool.command(), true, true,
                version.isEmpty() ? "`" + shown + "` ran" : version, tool.installHint());
    }

    private static List<String> commandLine(ToolRequirement tool) {
        List<String> command = new ArrayList<>();
        command.add(tool.command());
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
