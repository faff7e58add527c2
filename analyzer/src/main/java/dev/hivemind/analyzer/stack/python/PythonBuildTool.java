package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.TomlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The tools that install a Python app's dependencies into its virtual environment. */
enum PythonBuildTool {
    PIP("pip", "apt-get install python3-venv (pip comes with every virtual environment)"),
    POETRY("poetry", "pipx install poetry (or: python3 -m pip install --user poetry)"),
    PIPENV("pipenv", "pipx install pipenv (or: python3 -m pip install --user pipenv)"),
    UV("uv", "pipx install uv (or: curl -LsSf https://astral.sh/uv/install.sh | sh)");

    private final String command;
    private final String installHint;

    PythonBuildTool(String command, String installHint) {
        this.command = command;
        this.installHint = installHint;
    }

    String command() {
        return command;
    }

    String installHint() {
        return installHint;
    }

    private static Optional<Path> uvWorkspace(Path directory, Path root) {
        return ProjectFiles.above(directory, root).stream()
                .filter(parent -> ProjectFiles.has(parent, "uv.lock") && TomlFile.readOrEmpty(parent.resolve(
                        PythonProject.PYPROJECT)).hasTable("tool", "uv", "workspace"))
                .findFirst();
    }

    static Optional<PythonBuildTool> named(String command) {
        return Arrays.stream(values()).filter(tool -> tool.command.equals(command.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /**
     * uv.lock, else tool.poetry or poetry.lock, else a Pipfile, else pip; with the evidence line. A member of a uv
     * workspace (a directory above it, up to {@code root}, holding uv.lock and a pyproject.toml with
     * {@code [tool.uv.workspace]}) is installed by uv from the workspace's lock.
     */
    static Finding detect(Path directory, Path root, PythonProject project) {
        if (Files.isRegularFile(directory.resolve("uv.lock"))) {
            return new Finding(UV.command, "build_tool uv from uv.lock");
        }
        Optional<Path> workspace = uvWorkspace(directory, root);
        if (workspace.isPresent()) {
            return new Finding(UV.command, "build_tool uv from " + ProjectFiles.relative(directory.toAbsolutePath()
                    .normalize(), workspace.get().resolve("uv.lock")) + " of the uv workspace this app is a member of");
        }
        if (project.usesPoetry()) {
            return new Finding(POETRY.command, "build_tool poetry from pyproject.toml tool.poetry");
        }
        if (Files.isRegularFile(directory.resolve("poetry.lock"))) {
            return new Finding(POETRY.command, "build_tool poetry from poetry.lock");
        }
        if (project.pipfile().isPresent()) {
            return new Finding(PIPENV.command, "build_tool pipenv from Pipfile");
        }
        return new Finding(PIP.command, project.requirementsFile()
                .map(file -> "build_tool pip from " + file)
                .orElse("build_tool pip is the default: there is no uv.lock, tool.poetry, poetry.lock or Pipfile"));
    }
}
