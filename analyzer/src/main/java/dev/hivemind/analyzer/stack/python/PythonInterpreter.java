package dev.hivemind.analyzer.stack.python;

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

/**
 * The {@code python3} a build creates its virtual environment with, checked against the version the app pins. The
 * version is asked in the artifact directory, so a version manager's shim (pyenv reads .python-version there)
 * answers for the interpreter that will really be used.
 */
final class PythonInterpreter {
    static final String COMMAND = "python3";
    private static final String PRINT_VERSION = "import sys; print('%d.%d.%d' % sys.version_info[:3])";

    private PythonInterpreter() {
    }

    /**
     * @param pin the app's version pin and its evidence; nothing is checked without one
     * @throws PreflightException when the interpreter does not run or does not satisfy the pin
     */
    static void requireSatisfies(Path python, Optional<Finding> pin, Path directory, Map<String, String> environment,
                                 Progress output) {
        if (pin.isEmpty()) {
            return;
        }
        String version = version(python, directory, environment);
        Optional<Boolean> satisfied = PythonVersionConstraint.satisfies(pin.get().value(), version);
        if (satisfied.isEmpty()) {
            output.line("Not checking Python " + version + " against '" + pin.get().value()
                    + "': HiveMind does not read that constraint");
        } else if (!satisfied.get()) {
            String wanted = pin.get().value();
            throw new PreflightException(Agent.COMPILER, python + " is Python " + version + " but the app asks for "
                    + wanted + " (" + pin.get().evidence() + ")", "Checking the Python interpreter for the "
                    + "application in " + directory, "Install a Python that satisfies " + wanted + " and put it "
                    + "first on the PATH as python3 (e.g. apt-get install python" + majorMinor(wanted)
                    + ", or pyenv install " + majorMinor(wanted) + "), or change the app's pin");
        } else {
            output.line("Using Python " + version + " (" + python + "), which satisfies " + pin.get().value());
        }
    }

    private static String version(Path python, Path directory, Map<String, String> environment) {
        BuildStep step = new BuildStep(List.of(COMMAND, "-c", PRINT_VERSION), "Checking the Python interpreter for "
                + "the application in " + directory, "");
        ProcessRunner.Outcome outcome = BuildSteps.outcome(step, List.of(python.toString(), "-c", PRINT_VERSION),
                directory, environment, Progress.none());
        Optional<String> printed = outcome.tail().isEmpty() ? Optional.empty()
                : Optional.of(outcome.tail().getLast().strip()).filter(line -> line.matches("\\d+\\.\\d+\\.\\d+"));
        if (outcome.exitCode() != 0 || printed.isEmpty()) {
            throw new PreflightException(Agent.COMPILER, python + " does not run: it exited with code "
                    + outcome.exitCode() + " when asked its version", step.context(), "Check that '" + COMMAND
                    + " --version' works in " + directory + " (a pyenv shim fails when .python-version names a "
                    + "version it has not installed)." + BuildSteps.tail(outcome));
        }
        return printed.get();
    }

    /** {@code 3.12} for {@code >=3.12,<4} or {@code 3.12.1}: the first version named, cut to major.minor. */
    private static String majorMinor(String constraint) {
        List<Integer> numbers = PythonVersionConstraint.numbers(constraint.replaceAll("^[^0-9]*", ""));
        return numbers.size() >= 2 ? numbers.get(0) + "." + numbers.get(1)
                : numbers.isEmpty() ? "3" : String.valueOf(numbers.getFirst());
    }
}
