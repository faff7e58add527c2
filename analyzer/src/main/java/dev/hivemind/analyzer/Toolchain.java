package dev.hivemind.analyzer;

import dev.hivemind.api.Agent;
import dev.hivemind.api.BuildException;
import dev.hivemind.api.Progress;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The versions of the tools a build uses, as this machine has them: each tool's version command
 * ({@code node --version}, {@code python3 --version}, {@code java -version}, ...) run once, its output kept whole.
 */
final class Toolchain {

    private Toolchain() {
    }

    /**
     * @param environment the build's environment; its {@code PATH} is where the tools are looked for
     * @return each tool and what its version command printed (exit code included), or {@code not installed}
     */
    static Map<ToolRequirement, String> versions(List<ToolRequirement> tools, Map<String, String> environment) {
        Map<ToolRequirement, String> versions = new LinkedHashMap<>();
        for (ToolRequirement tool : tools) {
            versions.put(tool, version(tool, environment));
        }
        return versions;
    }

    private static String version(ToolRequirement tool, Map<String, String> environment) {
        Optional<Path> executable = Executables.find(tool.command(), environment.getOrDefault("PATH",
                ""));
        if (executable.isEmpty()) {
            return "not installed";
        }
        try {
            ProcessRunner.Outcome outcome = ProcessRunner.run(List.of(executable.get().toString(),
                    tool.versionArgument()), executable.get().getParent(), environment, Progress.none());
            return "exit " + outcome.exitCode() + ": " + String.join("\n", outcome.tail());
        } catch (IOException e) {
            return "cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(Agent.COMPILER, "interrupted while asking " + tool.command() + " for its version",
                    "Reading the toolchain's versions for the build cache", "Run the deployment again", e);
        }
    }
}
