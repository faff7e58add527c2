package dev.hivemind.analyzer;

import dev.hivemind.api.Agent;
import dev.hivemind.api.InvalidInputException;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.TechStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Detects an application's tech stack from its files. Detection is an ordered list of per-language detectors, the
 * first that recognizes the directory winning: Go (go.mod), then Node.js (package.json), then Python (requirements
 * files, pyproject.toml, Pipfile, setup.py or setup.cfg, or a Procfile beside a top-level entry file). Each detector
 * gives the runtime version, framework, database driver, build tool, start command and declared health path, each
 * with an evidence line naming the file and field it came from.
 */
public final class RepositoryAnalyzer implements StackAnalyzer {
    private final List<StackDetector> detectors = List.of(new GoDetector(), new NodeDetector(),
            new PythonDetector());

    /**
     * @throws InvalidInputException when the directory holds no app a detector recognizes, when a project file is
     *                               malformed, or when there is no way to start the app
     */
    @Override
    public TechStack analyze(Path appDirectory) {
        Path directory = appDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(Agent.COMPILER, "there is no directory " + directory + " to analyze",
                    "Detecting the tech stack in " + directory, "Pass the directory that holds the application");
        }
        return detectors.stream().filter(detector -> detector.recognizes(directory)).findFirst()
                .map(detector -> detector.detect(directory))
                .orElseThrow(() -> unsupported(directory));
    }

    /** The language's runtime and the stack's build tool, each with its {@code --version} check. */
    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        return detectors.stream().filter(detector -> detector.language().equals(stack.language())).findFirst()
                .map(detector -> detector.requiredTools(stack))
                .orElseThrow(() -> new IllegalArgumentException("no detector knows the language '"
                        + stack.language() + "'; known: " + languages()));
    }

    private InvalidInputException unsupported(Path directory) {
        String lookedFor = detectors.stream().map(detector -> detector.marker() + " (" + detector.displayName() + ")")
                .collect(Collectors.joining("; "));
        List<String> all = detectors.stream().map(StackDetector::displayName).toList();
        String names = String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.getLast();
        return new InvalidInputException(Agent.COMPILER, "no app HiveMind can deploy in " + directory
                + ": it looked for " + lookedFor + " and found none. HiveMind deploys " + names
                + " apps for now (Java support comes later)", "Detecting the tech stack in " + directory,
                "Point SOURCE at the directory that holds the app's go.mod, package.json or requirements.txt, or add "
                + "one (npm init -y with a start script, or a requirements.txt and a Procfile with a web: line)");
    }

    private String languages() {
        return detectors.stream().map(StackDetector::language).collect(Collectors.joining(", "));
    }
}
