package dev.hivemind.analyzer.build;

import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.SecretMask;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.host.LaunchFailure;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.host.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every builder does the same way: copy the source into a fresh artifact directory, run a step streaming its
 * output, report a failed step with its last lines, and remove a partial artifact.
 */
public final class BuildSteps {
    private static final String PNPM_IGNORED_BUILDS = "ERR_PNPM_IGNORED_BUILDS";

    private BuildSteps() {
    }

    /** Refuses an artifact directory that holds the source or is not empty, before anything is done. */
    public static void requireFreshArtifact(Path source, Path artifact) {
        if (source.startsWith(artifact)) {
            throw new IllegalArgumentException("the artifact directory " + artifact + " holds the source " + source);
        }
        try {
            if (!Directories.isMissingOrEmpty(artifact)) {
                throw new IllegalArgumentException("the artifact directory " + artifact + " is not empty");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the artifact directory " + artifact, e);
        }
    }

    /**
     * @param language e.g. {@code Node.js}, for the context line
     */
    public static void copy(Path source, Path artifact, Set<String> notCopied, String language, Progress output) {
        List<String> names = notCopied.stream().sorted().toList();
        String without = names.size() < 2 ? String.join("", names) : String.join(", ", names.subList(0,
                names.size() - 1)) + " and " + names.getLast();
        output.line("Copying " + source + " to " + artifact + " (without " + without + ")");
        try {
            Directories.copyTree(source, artifact, notCopied, artifact);
        } catch (IOException e) {
            throw new BuildException(Agent.COMPILER, "cannot copy " + source + " to " + artifact + ": " + e,
                    "Copying the " + language + " application in " + source + " to its build directory",
                    "Check that every file under " + source + " is readable and that the disk has room", e);
        }
    }

    /**
     * @throws BuildException when the command cannot be started, is interrupted or exits with a non-zero code (its
     *                        last lines quoted, the secrets of {@code environment} masked)
     */
    public static void run(BuildStep step, List<String> command, Path directory, Map<String, String> environment,
                    Progress output) {
        output.line("$ " + step.display());
        ProcessRunner.Outcome outcome = outcome(step, command, directory, environment, output);
        if (outcome.exitCode() != 0) {
            SecretMask secrets = SecretMask.of(environment);
            throw failed(step, new ProcessRunner.Outcome(outcome.exitCode(), outcome.tail().stream()
                    .map(secrets::apply).toList(), outcome.timedOut()));
        }
    }

    /**
     * Runs the command and gives its exit code and last lines whatever they are. It runs in a process group of its
     * own that dies with this process: a killed deploy leaves no build running in a directory that {@code resume}
     * deletes; and whatever it started that is still running when it ends (a build tool's daemon, even one that left
     * the group with setsid or nohup) is killed then ({@link dev.hivemind.api.host.Leftovers}).
     */
    public static ProcessRunner.Outcome outcome(BuildStep step, List<String> command, Path directory,
                                         Map<String, String> environment, Progress output) {
        try {
            return ProcessRunner.run(command, directory, environment, output,
                    ProcessRunner.Options.defaults().inOwnGroup().endingWhatItLeaves());
        } catch (IOException e) {
            Optional<String> tooLarge = LaunchFailure.describe(e, command, environment);
            if (tooLarge.isPresent()) {
                throw new BuildException(Agent.COMPILER, "cannot run " + step.display() + ": " + tooLarge.get(),
                        step.context(), LaunchFailure.remedy(), e);
            }
            throw new BuildException(Agent.COMPILER, "cannot run " + step.display() + ": " + e, step.context(),
                    "Check that '" + step.executable() + " --version' works on this machine", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(Agent.COMPILER, step.display() + " was interrupted", step.context(),
                    "Run the deployment again to build from the start", e);
        }
    }

    static BuildException failed(BuildStep step, ProcessRunner.Outcome outcome) {
        return new BuildException(Agent.COMPILER, step.display() + " failed with exit code " + outcome.exitCode(),
                step.context(), hint(step, outcome) + "." + tail(outcome));
    }

    /**
     * The step's hint, unless its output names a failure with a known fix: pnpm's {@code ERR_PNPM_IGNORED_BUILDS}
     * (pnpm 10 runs no dependency's install script it was not told to trust) is about approving build scripts, not
     * about the lock file.
     */
    private static String hint(BuildStep step, ProcessRunner.Outcome outcome) {
        if (outcome.tail().stream().anyMatch(line -> line.contains(PNPM_IGNORED_BUILDS))) {
            return "pnpm did not run the build scripts of some dependencies (" + PNPM_IGNORED_BUILDS + ", listed "
                    + "above): approve the ones the app needs — run 'pnpm approve-builds' and commit what it writes, "
                    + "or list them under onlyBuiltDependencies (package.json \"pnpm\": {\"onlyBuiltDependencies\": "
                    + "[...]}, or pnpm-workspace.yaml) — then deploy again";
        }
        return step.hint();
    }

    /** The output's last lines as the end of a remediation, e.g. {@code " Last 40 lines of output:\n..."}. */
    public static String tail(ProcessRunner.Outcome outcome) {
        return outcome.tail().isEmpty() ? " It printed nothing."
                : " Last " + outcome.tail().size() + " lines of output:\n" + String.join("\n", outcome.tail());
    }

    /**
     * Builds into {@code artifact}: {@code prepare} fills it (copies the source, checks the toolchain), then every
     * step runs in it; the result is checksummed and timed. A failure removes the partial artifact, so the next
     * attempt starts clean.
     */
    public static BuildArtifact produce(Path artifact, List<BuildStep> steps, List<List<String>> commands,
                                 Map<String, String> environment, Clock clock, Progress output, Runnable prepare) {
        Instant started = clock.instant();
        try {
            prepare.run();
            for (int i = 0; i < steps.size(); i++) {
                run(steps.get(i), commands.get(i), artifact, environment, output);
            }
            ArtifactChecksum checksum = ArtifactChecksum.of(artifact);
            double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
            return new BuildArtifact(artifact.toString(), "directory", checksum.sizeBytes(), checksum.value(),
                    steps.stream().map(BuildStep::display).collect(Collectors.joining(" && ")), seconds);
        } catch (RuntimeException failure) {
            discard(artifact, failure);
            throw failure;
        }
    }

    /**
     * The install steps, then the build: {@code hivemind.yaml}'s build command when the stack has one (run by
     * {@code sh -c}), else the detected build steps.
     */
    public static List<BuildStep> thenBuild(List<BuildStep> install, List<BuildStep> detectedBuild, TechStack stack,
                                     String shownSource) {
        List<BuildStep> steps = new ArrayList<>(install);
        stack.buildCommand().ifPresentOrElse(command -> steps.add(BuildStep.shell(command,
                        "Running the build command from hivemind.yaml in " + shownSource,
                        "Fix the build command in hivemind.yaml ('" + command + "'), or remove it to use the "
                        + "detected build")),
                () -> steps.addAll(detectedBuild));
        return steps;
    }

    /** The step's command with its executable replaced by the one found for it. */
    public static List<String> withExecutable(BuildStep step, Path executable) {
        List<String> command = new ArrayList<>(step.command());
        command.set(0, executable.toString());
        return command;
    }

    private static void discard(Path artifact, RuntimeException failure) {
        try {
            if (Files.exists(artifact)) {
                PrivateFiles.deleteTree(artifact);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
