package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.build.BuildStep;
import dev.hivemind.analyzer.build.BuildSteps;
import dev.hivemind.analyzer.build.Executables;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.PreflightException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a Python app: copies the source into the artifact directory (without {@code .git}, virtual environments
 * and {@code __pycache__}; the user's directory is only read), checks that {@code python3} satisfies the version the
 * app pins, creates the virtual environment {@code .venv} there and installs the dependencies into it with the app's
 * build tool ({@code pip install -r requirements.txt}, {@code pip install .}, poetry, pipenv or uv). The detected
 * start command puts {@code .venv/bin} first on the PATH. Every output line goes to the {@link Progress} as it
 * comes; a failed command gives a {@link BuildException} with the last 40 lines of output, and the partial artifact
 * is removed.
 */
public final class PythonArtifactBuilder implements ArtifactBuilder {
    private static final Set<String> NOT_COPIED = Set.of(".git", ".venv", "venv", "__pycache__");
    /** Keeps pip and the other tools from asking questions or checking for their own updates. */
    private static final Map<String, String> QUIET = Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1",
            "PIP_NO_INPUT", "1", "PIPENV_VENV_IN_PROJECT", "1", "PIPENV_NOSPIN", "1",
            "POETRY_VIRTUALENVS_IN_PROJECT", "true", "PYTHONUNBUFFERED", "1");

    private final Clock clock;

    public PythonArtifactBuilder() {
        this(Clock.systemUTC());
    }

    /** @param clock times the build */
    public PythonArtifactBuilder(Clock clock) {
        this.clock = clock;
    }

    /**
     * @throws PreflightException    when python3 or the build tool is not on the PATH, or python3 does not satisfy
     *                               the version the app pins
     * @throws InvalidInputException when the source is not a directory
     * @throws BuildException        when a command fails, with its exit code and last 40 lines of output
     */
    @Override
    public BuildArtifact build(BuildRequest request, Progress output) {
        Path source = request.source().toAbsolutePath().normalize();
        Path artifact = request.artifactDirectory().toAbsolutePath().normalize();
        PythonBuildTool tool = toolOf(request.stack());
        requireUsableDirectories(source, artifact);
        PythonProject project = PythonProject.read(source);
        Map<String, String> base = new HashMap<>(System.getenv());
        base.putAll(QUIET);
        base.putAll(request.environment());
        String path = base.getOrDefault("PATH", "");
        List<BuildStep> steps = BuildSteps.thenBuild(PythonBuildPlan.plan(source, source.toString(), tool, project),
                List.of(), request.stack(), source.toString());
        List<List<String>> commands = resolve(steps, path, artifact, tool);
        Map<String, String> environment = withVenv(base, artifact, path);
        return BuildSteps.produce(artifact, steps, commands, environment, clock, output, () -> {
            BuildSteps.copy(source, artifact, NOT_COPIED, "Python", output);
            PythonInterpreter.requireSatisfies(Path.of(commands.getFirst().getFirst()),
                    PythonRuntime.pinned(source, project), artifact, base, output);
        });
    }

    private static PythonBuildTool toolOf(TechStack stack) {
        if (!stack.language().equals(PythonDetector.LANGUAGE)) {
            throw new IllegalArgumentException("PythonArtifactBuilder builds python apps, not " + stack.language());
        }
        return PythonBuildTool.named(stack.buildTool()).orElseThrow(() -> new IllegalArgumentException(
                "unknown Python build tool '" + stack.buildTool() + "'; known: pip, poetry, pipenv, uv"));
    }

    private static void requireUsableDirectories(Path source, Path artifact) {
        if (!Files.isDirectory(source)) {
            throw new InvalidInputException(Agent.COMPILER, "there is no directory " + source + " to build",
                    "Building the Python application in " + source, "Analyze the source again and build the "
                    + "directory that holds the app");
        }
        BuildSteps.requireFreshArtifact(source, artifact);
    }

    /** The build's environment with the virtual environment active, as its own activate script would set it. */
    private static Map<String, String> withVenv(Map<String, String> base, Path artifact, String path) {
        Map<String, String> environment = new HashMap<>(base);
        Path venv = artifact.resolve(PythonBuildPlan.VENV);
        environment.put("VIRTUAL_ENV", venv.toString());
        environment.put("PATH", venv.resolve("bin") + (path.isEmpty() ? "" : File.pathSeparator + path));
        environment.remove("PYTHONHOME");
        return environment;
    }

    /**
     * Every step's executable before anything is done: those in the virtual environment (which does not exist
     * yet) by their place in the artifact, the others on the build's PATH.
     */
    private static List<List<String>> resolve(List<BuildStep> steps, String path, Path artifact,
                                              PythonBuildTool tool) {
        List<List<String>> commands = new ArrayList<>();
        for (BuildStep step : steps) {
            Path executable = step.executable().startsWith(PythonBuildPlan.VENV + "/")
                    ? artifact.resolve(step.executable())
                    : Executables.find(step.executable(), path).orElseThrow(() -> notInstalled(step, path, tool));
            commands.add(BuildSteps.withExecutable(step, executable));
        }
        return commands;
    }

    private static PreflightException notInstalled(BuildStep step, String path, PythonBuildTool tool) {
        String hint = step.executable().equals(PythonInterpreter.COMMAND)
                ? "apt-get install python3 python3-venv, or install it with pyenv" : tool.installHint();
        return new PreflightException(Agent.COMPILER, step.executable() + " is not installed: no "
                + step.executable() + " on the PATH (" + path + ")", step.context(), "Install it: " + hint);
    }
}
