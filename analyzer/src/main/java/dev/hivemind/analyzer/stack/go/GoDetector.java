package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.RuntimeVersionRequirement;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.HealthPathScanner;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.StackDetector;
import dev.hivemind.analyzer.stack.go.GoSources.ExternalImport;
import dev.hivemind.analyzer.stack.go.GoSources.GoPackage;
import dev.hivemind.analyzer.stack.node.NodeLibraries;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.StackAnalyzer.VersionRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Detects a Go app from the go.mod at its root and the module's packages: the main package (at the root, in
 * {@code cmd/<name>} or in any sub-directory), and, from the code linked into it, the framework, the database
 * driver, the port and the health route. The app is built into one binary, so it starts as {@code ./app}.
 */
public final class GoDetector implements StackDetector {
    public static final String LANGUAGE = "go";
    /** The Go version the go command assumes for a go.mod without a go directive. */
    static final String DEFAULT_VERSION = "1.16";

    @Override
    public String language() {
        return LANGUAGE;
    }

    @Override
    public String marker() {
        return GoMod.FILE;
    }

    @Override
    public String displayName() {
        return "Go";
    }

    @Override
    public boolean recognizes(Path directory) {
        return Files.isRegularFile(directory.resolve(GoMod.FILE));
    }

    /** go.mod here, or a {@code package main} here inside a module whose go.mod is above, up to the root. */
    @Override
    public boolean recognizes(Path directory, Path root) {
        return recognizes(directory) || moduleAbove(directory, root).isPresent()
                && GoSources.declaresMain(directory);
    }

    @Override
    public TechStack detect(Path directory) {
        return detect(directory, directory);
    }

    /**
     * The module's app; for a directory below go.mod (a {@code cmd/server} asked for with {@code --app-dir}), the
     * module is read from its root and the app is that directory's main package.
     */
    @Override
    public TechStack detect(Path directory, Path root) {
        if (recognizes(directory)) {
            return describe(GoProject.read(directory, Optional.empty()));
        }
        Path module = moduleAbove(directory, root).orElseThrow();
        return describe(GoProject.read(module, Optional.of(ProjectFiles.relative(module,
                directory.toAbsolutePath().normalize()))));
    }

    /** The nearest directory above {@code directory}, up to {@code root}, that holds a go.mod. */
    private static Optional<Path> moduleAbove(Path directory, Path root) {
        return ProjectFiles.above(directory, root).stream().filter(parent -> ProjectFiles.has(parent, GoMod.FILE))
                .findFirst();
    }

    private TechStack describe(GoProject project) {
        Path directory = project.root();
        GoMod mod = project.mod();
        List<GoPackage> linked = project.sources().linkedFrom(project.main().main());
        List<ExternalImport> imports = project.sources().externalImports(linked);
        Finding runtime = runtime(mod);
        Finding framework = GoLibraries.framework(imports, mod);
        NodeLibraries.Database database = GoLibraries.database(imports, mod);
        GoPort.Declared port = GoPort.detect(directory, linked, project.sources(), framework.value());
        Optional<Finding> health = HealthPathScanner.firstIn(directory, linked.stream()
                .flatMap(goPackage -> goPackage.files().stream()).map(GoSourceFile::path).toList());
        List<String> dependencies = mod.direct().stream().map(GoMod.Requirement::path).toList();
        String start = "./" + project.binary();

        List<String> evidence = new ArrayList<>();
        evidence.add("language go from go.mod (module " + mod.module() + ")");
        evidence.add(runtime.evidence());
        evidence.add(framework.evidence());
        evidence.add(database.evidence());
        evidence.add("build_tool go from go.mod" + (project.vendored() ? ", with the modules vendored in "
                + GoProject.VENDOR_MANIFEST : ""));
        evidence.add("main_package " + project.main().main().buildTarget() + ": " + project.main().reason());
        evidence.add("start_command '" + start + "' runs the binary go build makes of "
                + project.main().main().buildTarget() + binaryReason(project));
        evidence.add(port.evidence());
        evidence.add(health.map(Finding::evidence).orElse("health_check_path none: no health route (such as "
                + "/health, /healthz or /up) is declared in the main package or the packages it imports"));
        evidence.add("dependencies " + dependencies.size() + " from go.mod require (without // indirect)");
        TechStack stack = new TechStack(LANGUAGE, framework.value(), runtime.value(), dependencies, database.type().isPresent(),
                database.type(), LANGUAGE, start, health.map(Finding::value), evidence, port.port(),
                Optional.empty());
        return port.fixedPort().map(stack::withFixedPort).orElse(stack);
    }

    /** The go command, checked with {@code go version}. */
    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        return List.of(new ToolRequirement("go", "version", "apt-get install golang-go (the app asks for Go "
                + stack.runtimeVersion() + ")", RuntimeVersionRequirement.declared(stack)
                .map(VersionRequirement.class::cast)));
    }

    /** go.mod's toolchain directive (the Go the module is developed with), else its go directive. */
    static Finding runtime(GoMod mod) {
        return mod.toolchain().map(version -> new Finding(version, "runtime_version " + version + " from go.mod "
                        + "toolchain directive" + mod.go().map(go -> " (its go directive asks for at least " + go + ")")
                        .orElse("")))
                .or(() -> mod.go().map(version -> new Finding(version, "runtime_version " + version
                        + " from go.mod go directive")))
                .orElseGet(() -> new Finding(DEFAULT_VERSION, "runtime_version " + DEFAULT_VERSION + " is the "
                        + "default: go.mod has no go directive, and the go command then assumes go "
                        + DEFAULT_VERSION));
    }

    private static String binaryReason(GoProject project) {
        return project.binary().equals(GoProject.BINARY) ? ""
                : " (named " + project.binary() + " because the source has a directory called " + GoProject.BINARY
                + ")";
    }
}
