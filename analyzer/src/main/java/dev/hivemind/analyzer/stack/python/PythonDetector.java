package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.RuntimeVersionRequirement;
import dev.hivemind.analyzer.stack.DeclaredPort;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.HealthPathScanner;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.StackDetector;
import dev.hivemind.analyzer.stack.node.NodeLibraries;
import dev.hivemind.analyzer.stack.node.PackageJson;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.StackAnalyzer.VersionRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Detects a Python app from its requirements files, pyproject.toml, Pipfile, setup.py or setup.cfg, or a
 * top-level entry file (app.py, main.py, server.py, wsgi.py, manage.py) beside a Procfile. It is asked before the
 * Node.js detector, as a Django or Flask app often keeps a package.json for its assets; so when a package.json is
 * beside the Python files, Python also needs a sign of an app at the root ({@link #appSignal}), and a Node.js app
 * with a stray requirements.txt for its docs tooling stays a Node.js app.
 */
public final class PythonDetector implements StackDetector {
    public static final String LANGUAGE = "python";
    private static final List<String> PROJECT_FILES = List.of(PythonProject.PYPROJECT, PythonProject.PIPFILE,
            PythonProject.SETUP_PY, PythonProject.SETUP_CFG);
    /** Files at the root that only an app has, unlike a library or a tool's requirements. */
    private static final List<String> APP_FILES = List.of("manage.py", "wsgi.py", "asgi.py", "app.py", "main.py",
            "server.py");
    private static final List<String> SERVERS = List.of("gunicorn", "uvicorn", "hypercorn", "daphne", "waitress");
    private static final Pattern PYTHON_COMMAND = Pattern.compile("^(?:\\w+=\\S*\\s+)*(?:exec\\s+)?(?:python[\\d.]*|"
            + "gunicorn|uvicorn|hypercorn|daphne|waitress-serve|flask|django-admin|fastapi)(?:\\s|$)");

    @Override
    public String language() {
        return LANGUAGE;
    }

    @Override
    public String marker() {
        return "requirements*.txt, pyproject.toml, Pipfile, setup.py, setup.cfg, or a Procfile beside app.py, "
                + "main.py, server.py, wsgi.py or manage.py";
    }

    @Override
    public String displayName() {
        return "Python";
    }

    @Override
    public boolean recognizes(Path directory) {
        boolean marked = PythonRequirements.present(directory)
                || PROJECT_FILES.stream().anyMatch(name -> Files.isRegularFile(directory.resolve(name)))
                || (Procfile.present(directory) && PythonStartCommand.hasEntryFile(directory));
        return marked && (!ProjectFiles.has(directory, PackageJson.FILE) || appSignal(directory).isPresent());
    }

    /**
     * What makes the directory a Python app rather than a Node.js one with Python tooling beside it: an app file at
     * the root (manage.py, wsgi.py, asgi.py, app.py, main.py, server.py), a Procfile web line that runs Python, or
     * a web framework or server among the declared dependencies.
     */
    static Optional<String> appSignal(Path directory) {
        return ProjectFiles.first(directory, APP_FILES)
                .or(() -> Procfile.web(directory).filter(web -> PYTHON_COMMAND.matcher(web).find())
                        .map(web -> "the " + Procfile.SOURCE + " (" + web + ")"))
                .or(() -> {
                    PythonProject project = PythonProject.read(directory);
                    return Stream.concat(PythonLibraries.FRAMEWORKS.stream().map(NodeLibraries.Rule::dependency),
                                    SERVERS.stream())
                            .flatMap(name -> project.dependency(name).stream()).findFirst()
                            .map(dependency -> "the " + dependency.name() + " dependency (" + dependency.source()
                                    + ")");
                });
    }

    @Override
    public TechStack detect(Path directory) {
        return detect(directory, directory);
    }

    /** The app in {@code directory}; a member of a uv or Poetry workspace above it is installed with its lock file. */
    @Override
    public TechStack detect(Path directory, Path root) {
        PythonProject project = PythonProject.read(directory);
        Finding runtime = PythonRuntime.detect(directory, project);
        Finding framework = PythonLibraries.framework(project);
        Finding buildTool = PythonBuildTool.detect(directory, root, project);
        PythonStartCommand.Start start = PythonStartCommand.detect(directory, project, framework.value());
        NodeLibraries.Database database = PythonDatabase.detect(directory, project, start.entry());
        Optional<Finding> health = HealthPathScanner.PYTHON.find(directory, start.entry());
        Optional<Finding> port = PythonPort.detect(directory, framework.value(), start);

        List<String> evidence = new ArrayList<>();
        evidence.add("language python from " + languageSource(directory, project));
        evidence.add(runtime.evidence());
        evidence.add(framework.evidence());
        evidence.add(database.evidence());
        evidence.add(buildTool.evidence());
        evidence.add(start.command().evidence());
        evidence.add(health.map(Finding::evidence).orElse("health_check_path none: no health route (such as "
                + "/health, /healthz or /up) is declared in the entry file or the top-level .py files"));
        evidence.add(port.map(Finding::evidence).orElse("port none: neither the Procfile nor the code names a "
                + "port (such as --bind 0.0.0.0:8000, app.run(port=5000) or os.environ.get(\"PORT\", 8000))"));
        evidence.add("dependencies " + project.dependencies().size() + " from " + dependencySources(project));
        assetsToolchain(directory).ifPresent(evidence::add);
        TechStack stack = new TechStack(LANGUAGE, framework.value(), runtime.value(), project.dependencyNames(),
                database.type().isPresent(), database.type(), buildTool.value(), start.command().value(),
                health.map(Finding::value), evidence, port.map(found -> Integer.valueOf(found.value())),
                Optional.empty());
        return port.flatMap(Finding::fixedPort).map(stack::withFixedPort).orElse(stack);
    }

    /** The evidence that a package.json beside the app is its assets toolchain, which the Python build leaves. */
    private static Optional<String> assetsToolchain(Path directory) {
        if (!ProjectFiles.has(directory, PackageJson.FILE)) {
            return Optional.empty();
        }
        String signal = appSignal(directory).orElse("the Python project files");
        String build = PackageJson.read(directory).script("build").map(script -> "; its scripts.build (" + script
                + ") is not run by the Python build: set it as the build command in hivemind.yaml to build the "
                + "assets").orElse("");
        return Optional.of("language python, not nodejs: package.json is beside, but " + signal + " makes this a "
                + "Python app" + build);
    }

    /** python3 (which creates the virtual environment) and, unless it is pip, the build tool. */
    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        ToolRequirement python = new ToolRequirement("python3", "--version", "apt-get install python3 python3-venv "
                + "(the app asks for Python " + stack.runtimeVersion() + ")", RuntimeVersionRequirement.declared(stack)
                .map(VersionRequirement.class::cast));
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
                .orElse(Procfile.FILE + " and " + PythonStartCommand.ENTRY_FILES.stream()
                        .filter(name -> Files.isRegularFile(directory.resolve(name))).findFirst()
                        .orElse("an entry file"));
    }

    private static String dependencySources(PythonProject project) {
        List<String> files = project.dependencies().stream().map(dependency -> dependency.source().split(" ")[0])
                .distinct().toList();
        return files.isEmpty() ? project.requirementsFile().orElse("the project files") : String.join(", ", files);
    }
}
