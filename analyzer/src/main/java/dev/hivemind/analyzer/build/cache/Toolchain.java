package dev.hivemind.analyzer.build.cache;

import dev.hivemind.analyzer.build.Executables;
import dev.hivemind.api.Progress;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.host.ProcessRunner;
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
    private static final String SUCCESS = "exit 0: ";

    private Toolchain() {
    }

    /**
     * @param environment the build's environment; its {@code PATH} is where the tools are looked for (a command
     *                    that is a path, like {@code /usr/lib/jvm/temurin-21-jdk-amd64/bin/java}, is that file)
     * @param memo        remembered answers, and where new ones are remembered
     * @return each tool and what its version command printed (exit code included), or {@code not installed}
     */
    static Map<ToolRequirement, String> versions(List<ToolRequirement> tools, Map<String, String> environment,
                                                 ToolVersionMemo memo) {
        Map<ToolRequirement, String> versions = new LinkedHashMap<>();
        for (ToolRequirement tool : tools) {
            versions.put(tool, version(tool, environment, memo));
        }
        return versions;
    }

    private static String version(ToolRequirement tool, Map<String, String> environment, ToolVersionMemo memo) {
        Optional<Path> executable = Executables.find(tool.command(), environment.getOrDefault("PATH", ""));
        if (executable.isEmpty()) {
            return "not installed";
        }
        Optional<ToolVersionMemo.Fingerprint> fingerprint = memo.fingerprint(tool, executable.get(),
                environment);
        Optional<String> remembered = fingerprint.flatMap(memo::version);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        String version = ask(tool, executable.get(), environment);
        if (version.startsWith(SUCCESS)) {
            fingerprint.ifPresent(asked -> memo.remember(asked, version));
        }
        return version;
    }

    private static String ask(ToolRequirement tool, Path executable, Map<String, String> environment) {
        try {
            ProcessRunner.Outcome outcome = ProcessRunner.run(List.of(executable.toString(), tool.versionArgument()),
                    executable.getParent(), environment, Progress.none());
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
