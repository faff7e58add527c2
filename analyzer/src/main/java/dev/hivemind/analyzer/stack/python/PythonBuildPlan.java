package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.build.BuildStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands that build a Python app: create the virtual environment {@code .venv} in the artifact directory,
 * then install the dependencies into it with the app's build tool, unless it declares none.
 */
final class PythonBuildPlan {
    /** The virtual environment's directory, relative to the artifact directory. */
    static final String VENV = ".venv";
    static final String VENV_PIP = VENV + "/bin/pip";

    private PythonBuildPlan() {
    }

    /**
     * @param directory   the app's files, read to look for lock files
     * @param shownSource the app's directory as the user knows it, for the context lines
     */
    static List<BuildStep> plan(Path directory, String shownSource, PythonBuildTool tool, PythonProject project) {
        List<BuildStep> steps = new ArrayList<>();
        steps.add(new BuildStep(List.of("python3", "-m", "venv", VENV), "Creating the virtual environment of the "
                + "Python application in " + shownSource, "Check that python3 has its venv module (apt-get install "
                + "python3-venv) and that the disk has room"));
        String context = "Installing dependencies for the Python application in " + shownSource;
        switch (tool) {
            case PIP -> pipInstall(directory, project).ifPresent(command -> steps.add(new BuildStep(command, context,
                    "Check the requirements for misspelt packages or versions that do not exist, and that the "
                    + "package index is reachable (pip reads PIP_INDEX_URL for a mirror)")));
            case POETRY -> steps.add(new BuildStep(List.of("poetry", "install", "--only", "main", "--no-root",
                    "--no-interaction"), context, "Check pyproject.toml's tool.poetry.dependencies and that "
                    + "poetry.lock agrees with it (run poetry lock and commit poetry.lock)"));
            case PIPENV -> steps.add(new BuildStep(Files.isRegularFile(directory.resolve("Pipfile.lock"))
                    ? List.of("pipenv", "install", "--deploy") : List.of("pipenv", "install", "--skip-lock"),
                    context, "Check the Pipfile's packages and that Pipfile.lock agrees with it (run pipenv lock "
                    + "and commit Pipfile.lock)"));
            case UV -> steps.add(new BuildStep(List.of("uv", "sync", "--locked", "--no-dev"), context,
                    "Check pyproject.toml's dependencies and that uv.lock agrees with them (run uv lock and commit "
                    + "uv.lock)"));
        }
        return steps;
    }

    /**
     * {@code pip install -r} the requirements file when it lists anything, else {@code pip install .} for a
     * pyproject.toml, setup.py or setup.cfg project that declares dependencies, else nothing.
     */
    private static Optional<List<String>> pipInstall(Path directory, PythonProject project) {
        Optional<String> requirements = project.requirementsFile()
                .filter(file -> PythonRequirements.hasEntries(directory, file));
        if (requirements.isPresent()) {
            return Optional.of(List.of(VENV_PIP, "install", "-r", requirements.get()));
        }
        boolean packaged = project.pyproject().isPresent() || project.setupPy().isPresent()
                || !project.setupCfg().isEmpty();
        return packaged && !project.dependencies().isEmpty()
                ? Optional.of(List.of(VENV_PIP, "install", ".")) : Optional.empty();
    }
}
