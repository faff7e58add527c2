package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python version an app asks for, from the first of: pyproject.toml {@code project.requires-python} (or
 * {@code tool.poetry.dependencies.python}), setup.py or setup.cfg {@code python_requires}, the Pipfile's
 * {@code [requires] python_full_version} or {@code python_version}, {@code .python-version},
 * {@code runtime.txt} ({@code python-3.11.7}), {@code .tool-versions} ({@code python 3.11.7}); else the default.
 */
final class PythonRuntime {
    /** The version used when the app names none. */
    static final String DEFAULT_VERSION = "3.11";
    private static final Pattern SETUP_PY = Pattern.compile("python_requires\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern RUNTIME_TXT = Pattern.compile("^python-(\\d[\\w.]*)$");
    private static final Pattern TOOL_VERSIONS = Pattern.compile("^python\\s+(\\d\\S*)");

    private PythonRuntime() {
    }

    static Finding detect(Path directory, PythonProject project) {
        return pinned(directory, project).orElseGet(() -> new Finding(DEFAULT_VERSION, "runtime_version "
                + DEFAULT_VERSION + " is the default: no requires-python, python_requires, Pipfile python_version, "
                + ".python-version, runtime.txt or .tool-versions names one"));
    }

    /** The version the app names, when it names one. */
    static Optional<Finding> pinned(Path directory, PythonProject project) {
        return fromPyproject(project)
                .or(() -> project.setupPy().flatMap(PythonRuntime::fromSetupPy))
                .or(() -> Optional.ofNullable(project.setupCfg().get("python_requires")).filter(v -> !v.isBlank())
                        .map(version -> found(version, "setup.cfg options.python_requires")))
                .or(() -> project.pipfile().flatMap(toml -> toml.string("requires", "python_full_version")
                        .map(version -> found(version, "Pipfile requires.python_full_version"))
                        .or(() -> toml.string("requires", "python_version")
                                .map(version -> found(version, "Pipfile requires.python_version")))))
                .or(() -> firstLine(directory.resolve(".python-version"))
                        .map(version -> found(version, ".python-version")))
                .or(() -> firstLine(directory.resolve("runtime.txt")).flatMap(line -> group(RUNTIME_TXT, line))
                        .map(version -> found(version, "runtime.txt")))
                .or(() -> toolVersions(directory.resolve(".tool-versions")));
    }

    private static Optional<Finding> fromPyproject(PythonProject project) {
        return project.pyproject().flatMap(toml -> toml.string("project", "requires-python")
                .map(version -> found(version, "pyproject.toml project.requires-python"))
                .or(() -> toml.string("tool", "poetry", "dependencies", "python")
                        .map(version -> found(version, "pyproject.toml tool.poetry.dependencies.python")))
                .or(() -> toml.string("tool", "poetry", "dependencies", "python", "version")
                        .map(version -> found(version, "pyproject.toml tool.poetry.dependencies.python.version"))));
    }

    private static Optional<Finding> fromSetupPy(String code) {
        return group(SETUP_PY, code).map(version -> found(version, "setup.py python_requires"));
    }

    private static Optional<Finding> toolVersions(Path toolVersions) {
        return ProjectFiles.read(toolVersions).flatMap(text -> text.lines().map(String::strip)
                .flatMap(line -> group(TOOL_VERSIONS, line).stream()).findFirst())
                .map(version -> found(version, ".tool-versions"));
    }

    private static Finding found(String version, String source) {
        String trimmed = version.strip();
        return new Finding(trimmed, "runtime_version " + trimmed + " from " + source);
    }

    private static Optional<String> group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The first line that is neither blank nor a comment; empty when the file is missing or unreadable. */
    private static Optional<String> firstLine(Path file) {
        return ProjectFiles.read(file).flatMap(text -> text.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).findFirst());
    }
}
