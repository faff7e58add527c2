package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.TomlFile;
import dev.hivemind.analyzer.stack.python.PythonRequirements.Dependency;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project files of a Python app, read once: its requirements file, pyproject.toml, Pipfile, setup.py and
 * setup.cfg, and the direct dependencies they declare (the first declaration of a name wins, requirements file
 * first).
 *
 * @param requirementsFile the requirements file pip installs from, relative to the app's directory
 * @param setupPy          the text of setup.py
 * @param setupCfg         setup.cfg's {@code [options]} section as key and (possibly multi-line) value
 */
record PythonProject(Optional<String> requirementsFile, Optional<TomlFile> pyproject, Optional<TomlFile> pipfile,
                     Optional<String> setupPy, Map<String, String> setupCfg, List<Dependency> dependencies) {
    static final String PYPROJECT = "pyproject.toml";
    static final String PIPFILE = "Pipfile";
    static final String SETUP_PY = "setup.py";
    static final String SETUP_CFG = "setup.cfg";
    private static final Pattern SETUP_PY_REQUIRES = Pattern.compile("install_requires\\s*=\\s*\\[(.*?)]",
            Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("['\"]([^'\"]+)['\"]");

    PythonProject {
        setupCfg = Map.copyOf(setupCfg);
        dependencies = List.copyOf(dependencies);
    }

    static PythonProject read(Path directory) {
        Optional<String> requirements = PythonRequirements.file(directory);
        Optional<TomlFile> pyproject = toml(directory.resolve(PYPROJECT));
        Optional<TomlFile> pipfile = toml(directory.resolve(PIPFILE));
        Optional<String> setupPy = text(directory.resolve(SETUP_PY));
        Map<String, String> setupCfg = text(directory.resolve(SETUP_CFG)).map(PythonProject::options).orElse(Map.of());
        List<Dependency> declared = new ArrayList<>();
        requirements.ifPresent(file -> declared.addAll(PythonRequirements.read(directory, file)));
        pyproject.ifPresent(toml -> declared.addAll(fromPyproject(toml)));
        pipfile.ifPresent(toml -> declared.addAll(named(toml.keys("packages"), "Pipfile packages.")));
        setupPy.ifPresent(code -> declared.addAll(fromSetupPy(code)));
        declared.addAll(listed(lines(setupCfg.getOrDefault("install_requires", "")),
                "setup.cfg options.install_requires"));
        return new PythonProject(requirements, pyproject, pipfile, setupPy, setupCfg, firstOfEachName(declared));
    }

    List<String> dependencyNames() {
        return dependencies.stream().map(Dependency::name).toList();
    }

    Optional<Dependency> dependency(String name) {
        return dependencies.stream().filter(dependency -> dependency.name().equals(name)).findFirst();
    }

    boolean usesPoetry() {
        return pyproject.map(toml -> toml.hasTable("tool", "poetry")).orElse(false);
    }

    private static List<Dependency> fromPyproject(TomlFile toml) {
        List<Dependency> found = new ArrayList<>(listed(toml.strings("project", "dependencies"),
                "pyproject.toml project.dependencies"));
        List<String> poetry = toml.keys("tool", "poetry", "dependencies").stream()
                .filter(name -> !name.equalsIgnoreCase("python")).toList();
        found.addAll(named(poetry, "pyproject.toml tool.poetry.dependencies."));
        return found;
    }

    private static List<Dependency> fromSetupPy(String code) {
        Matcher requires = SETUP_PY_REQUIRES.matcher(code);
        List<String> requirements = new ArrayList<>();
        if (requires.find()) {
            Matcher quoted = QUOTED.matcher(requires.group(1));
            while (quoted.find()) {
                requirements.add(quoted.group(1));
            }
        }
        return listed(requirements, "setup.py install_requires");
    }

    /** Requirements such as {@code flask>=3}, each named by its project name. */
    private static List<Dependency> listed(List<String> requirements, String source) {
        return requirements.stream().flatMap(requirement -> PythonRequirements.name(requirement).stream())
                .map(name -> new Dependency(name, source)).toList();
    }

    /** Bare names such as a Pipfile's keys; the source ends with the name, e.g. {@code Pipfile packages.flask}. */
    private static List<Dependency> named(List<String> names, String sourcePrefix) {
        return names.stream().map(name -> new Dependency(PythonRequirements.normalize(name), sourcePrefix + name))
                .toList();
    }

    private static List<Dependency> firstOfEachName(List<Dependency> declared) {
        Map<String, Dependency> first = new LinkedHashMap<>();
        declared.forEach(dependency -> first.putIfAbsent(dependency.name(), dependency));
        return List.copyOf(first.values());
    }

    /** The {@code [options]} section of an INI file, continuation lines joined to their key's value. */
    private static Map<String, String> options(String ini) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean inOptions = false;
        String key = "";
        for (String line : ini.lines().toList()) {
            String stripped = line.strip();
            if (stripped.startsWith("[")) {
                inOptions = stripped.equals("[options]");
            } else if (inOptions && !stripped.isEmpty() && !stripped.startsWith("#") && !stripped.startsWith(";")) {
                int equals = stripped.indexOf('=');
                if (!Character.isWhitespace(line.charAt(0)) && equals > 0) {
                    key = stripped.substring(0, equals).strip();
                    values.put(key, stripped.substring(equals + 1).strip());
                } else if (!key.isEmpty()) {
                    values.merge(key, stripped, (a, b) -> a + "\n" + b);
                }
            }
        }
        return values;
    }

    private static List<String> lines(String value) {
        return value.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static Optional<TomlFile> toml(Path file) {
        return TomlFile.read(file);
    }

    private static Optional<String> text(Path file) {
        return ProjectFiles.read(file);
    }
}
