package dev.hivemind.analyzer;

import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Detects a Python app from its requirements files, pyproject.toml, Pipfile, setup.py or setup.cfg, or a
 * top-level entry file (app.py, main.py, wsgi.py, manage.py) beside a Procfile.
 */
final class PythonDetector implements StackDetector {
    static final String LANGUAGE = "python";
    private static final List<String> PROJECT_FILES = List.of(PythonProject.PYPROJECT, PythonProject.PIPFILE,
            PythonProject.SETUP_PY, PythonProject.SETUP_CFG);

    @Override
    public String language() {
        return LANGUAGE;
    }

    @Override
    public String marker() {
        return "requirements*.txt, pyproject.toml, Pipfile, setup.py, setup.cfg, or a Procfile beside app.py, "
                + "main.py, wsgi.py or manage.py";
    }

    @Override
    public String displayName() {
        return "Python";
    }

    @Override
    public boolean recognizes(Path directory) {
        return PythonRequirements.present(directory)
                || PROJECT_FILES.stream().anyMatch(name -> Files.isRegularFile(directory.resolve(name)))
                || (Files.isRegularFile(directory.resolve(PythonStartCommand.PROCFILE))
                        && PythonStartCommand.hasEntryFile(directory));
    }

    @Override
    public TechStack detect(Path directory) {
        PythonProject project = PythonProject.read(directory);
        Finding runtime = PythonRuntime.detect(directory, project);
        Finding framework = PythonLibraries.framework(project);
        NodeLibraries.Database database = PythonLibraries.database(project);
        Finding buildTool = PythonBuildTool.detect(directory, project);
        PythonStartCommand.Start start = PythonStartCommand.detect(directory, project, framework.value());
        Optional<Finding> health = HealthPathScanner.PYTHON.find(directory, start.entry());

        List<String> evidence = new ArrayList<>();
        evidence.add("language python from " + languageSource(directory, project));
        evidence.add(runtime.evidence());
        evidence.add(framework.evidence());
        evidence.add(database.evidence());
        evidence.add(buildTool.evidence());
        evidence.add(start.command().evidence());
        evidence.add(health.map(Finding::evidence).orElse("health_check_path none: no health route (such as "
                + "/health, /healthz or /up) is declared in the entry file or the top-level .py files"));
        evidence.add("dependencies " + project.dependencies().size() + " from " + dependencySources(project));
        return new TechStack(LANGUAGE, framework.value(), runtime.value(), project.dependencyNames(),
                database.type().isPresent(), database.type(), buildTool.value(), start.command().value(),
                health.map(Finding::value), evidence);
    }

    /** python3 (which creates the virtual environment) and, unless it is pip, the build tool. */
    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        ToolRequirement python = new ToolRequirement("python3", "--version", "apt-get install python3 python3-venv "
                + "(the app asks for Python " + stack.runtimeVersion() + ")");
        PythonBuildTool tool = PythonBuildTool.named(stack.buildTool()).orElse(PythonBuildTool.PIP);
        if (tool == PythonBuildTool.PIP) {
            return List.of(python);
        }
        return List.of(python, new ToolRequirement(tool.command(), "--version", tool.installHint()));
    }

    private static String languageSource(Path directory, PythonProject project) {
        return project.requirementsFile()
                .or(() -> PROJECT_FILES.stream().filter(name -> Files.isRegularFile(directory.resolve(name)))
                        .findFirst())
                .orElse(PythonStartCommand.PROCFILE + " and " + PythonStartCommand.ENTRY_FILES.stream()
                        .filter(name -> Files.isRegularFile(directory.resolve(name))).findFirst()
                        .orElse("an entry file"));
    }

    private static String dependencySources(PythonProject project) {
        List<String> files = project.dependencies().stream().map(dependency -> dependency.source().split(" ")[0])
                .distinct().toList();
        return files.isEmpty() ? project.requirementsFile().orElse("the project files") : String.join(", ", files);
    }
}
