package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.RuntimeVersionRequirement;
import dev.hivemind.analyzer.build.BuildStep;
import dev.hivemind.analyzer.build.BuildSteps;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.PreflightException;
import dev.hivemind.api.host.ProcessRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code node} a build and the app run with, checked against the version the app declares. */
final class NodeInterpreter {
    static final String COMMAND = "node";

    private NodeInterpreter() {
    }

    /**
     * @param declared the app's version constraint and its evidence; nothing is checked without one
     * @throws PreflightException when node does not run or does not satisfy the constraint
     */
    static void requireSatisfies(Path node, Optional<Finding> declared, Path directory,
                                 Map<String, String> environment, Progress output) {
        if (declared.isEmpty()) {
            return;
        }
        BuildStep step = new BuildStep(List.of(COMMAND, "--version"), "Checking Node.js for the application in "
                + directory, "Check that 'node --version' works");
        ProcessRunner.Outcome outcome = BuildSteps.outcome(step, List.of(node.toString(), "--version"), directory,
                environment, Progress.none());
        String version = outcome.tail().isEmpty() ? "" : outcome.tail().getLast().strip();
        if (outcome.exitCode() != 0 || version.isEmpty()) {
            throw new PreflightException(Agent.COMPILER, node + " does not run: it exited with code "
                    + outcome.exitCode() + " when asked its version", step.context(), step.hint() + "."
                    + BuildSteps.tail(outcome));
        }
        String wanted = declared.get().value();
        Optional<Boolean> satisfied = NodeVersionRange.satisfies(wanted, version);
        if (satisfied.isEmpty()) {
            output.line("Not checking Node.js " + version + " against '" + wanted + "': HiveMind does not read that "
                    + "constraint");
        } else if (!satisfied.get()) {
            String source = declared.get().evidence().replaceFirst("^.*? from ", "");
            throw new PreflightException(Agent.COMPILER, node + " is Node.js " + version + " but the app asks for "
                    + wanted + " (" + declared.get().evidence() + ")", step.context(),
                    new RuntimeVersionRequirement(NodeDetector.LANGUAGE, wanted, source).remedy(version));
        } else {
            output.line("Using Node.js " + version + " (" + node + "), which satisfies " + wanted);
        }
    }
}
