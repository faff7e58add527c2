package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.RuntimeVersionRequirement;
import dev.hivemind.analyzer.build.BuildStep;
import dev.hivemind.analyzer.build.BuildSteps;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.PreflightException;
import dev.hivemind.api.host.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code go} a build compiles with, checked against go.mod's go directive (the oldest Go the module builds
 * with). The check runs {@code go version} in the artifact directory with the build's environment, so it answers for
 * the toolchain that will really be used.
 */
public final class GoToolchain {
    static final String COMMAND = "go";
    private static final Pattern VERSION = Pattern.compile("\\bgo version go(\\d+(?:\\.\\d+)*)");

    private GoToolchain() {
    }

    /**
     * @param required go.mod's go directive; nothing is checked without one
     * @throws PreflightException when go does not run or is older than {@code required}
     */
    static void requireSatisfies(Path go, Optional<String> required, Path directory, Map<String, String> environment,
                                 Progress output) {
        String context = "Checking the Go toolchain for the application in " + directory;
        BuildStep step = new BuildStep(List.of(COMMAND, "version"), context, "");
        ProcessRunner.Outcome outcome = BuildSteps.outcome(step, List.of(go.toString(), "version"), directory,
                environment, Progress.none());
        Optional<String> version = outcome.tail().stream().map(VERSION::matcher).filter(Matcher::find)
                .map(matcher -> matcher.group(1)).findFirst();
        if (outcome.exitCode() != 0) {
            throw new PreflightException(Agent.COMPILER, go + " does not run: it exited with code "
                    + outcome.exitCode() + " when asked its version", context, "Check that 'go version' works in "
                    + directory + "." + BuildSteps.tail(outcome));
        }
        if (version.isEmpty() || required.isEmpty()) {
            output.line("Using " + String.join(" ", outcome.tail()).strip() + " (" + go + ")"
                    + required.map(wanted -> ", not checked against go " + wanted).orElse(""));
            return;
        }
        String wanted = required.get();
        if (compare(version.get(), wanted) < 0) {
            throw new PreflightException(Agent.COMPILER, go + " is Go " + version.get() + " but the app asks for Go "
                    + wanted + " or later (go.mod go directive)", context, new RuntimeVersionRequirement("go",
                    wanted, "go.mod go directive").remedy(version.get()));
        }
        output.line("Using Go " + version.get() + " (" + go + "), which satisfies go.mod's go " + wanted);
    }

    /** Compares dotted versions number by number, a missing number counting as 0 ({@code 1.21 == 1.21.0}). */
    public static int compare(String left, String right) {
        List<Integer> a = numbers(left);
        List<Integer> b = numbers(right);
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int difference = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static List<Integer> numbers(String version) {
        List<Integer> numbers = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\d+").matcher(version.replaceFirst("(?:rc|beta).*$", ""));
        while (matcher.find()) {
            numbers.add(Integer.parseInt(matcher.group()));
        }
        return numbers;
    }

}
