package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.RuntimeVersionRequirement;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.HealthPathScanner;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.StackDetector;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.StackAnalyzer.VersionRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Detects a Node.js app from its package.json and the files around it. */
public final class NodeDetector implements StackDetector {
    public static final String LANGUAGE = "nodejs";

    /** Where the build will look for its package manager. */
    private final String path;

    public NodeDetector() {
        this(Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    /** @param path the PATH the build runs with, which decides whether yarn or pnpm is fetched with npm */
    NodeDetector(String path) {
        this.path = path;
    }

    @Override
    public String language() {
        return LANGUAGE;
    }

    @Override
    public String marker() {
        return PackageJson.FILE;
    }

    @Override
    public String displayName() {
        return "Node.js";
    }

    @Override
    public boolean recognizes(Path directory) {
        return Files.isRegularFile(directory.resolve(PackageJson.FILE));
    }

    @Override
    public TechStack detect(Path directory) {
        return detect(directory, directory);
    }

    /**
     * The app in {@code directory}; when it is a package of a workspace whose root is at or below {@code root}
     * (the root's package.json declares workspaces, or a pnpm-workspace.yaml is there), the root's lock file and
     * packageManager decide the build tool and the root's engines the Node.js version when the app names none.
     */
    @Override
    public TechStack detect(Path directory, Path root) {
        PackageJson packageJson = PackageJson.read(directory);
        Optional<Path> workspace = NodeWorkspace.rootOf(directory, root);
        Finding runtime = NodeRuntime.declared(directory, packageJson)
                .or(() -> workspace.flatMap(top -> PackageJson.readIfPresent(top)
                        .flatMap(rootPackage -> NodeRuntime.declared(top, rootPackage)).map(found -> new Finding(found.value(), found.evidence() + " of the workspace root "
                                + ProjectFiles.relative(directory, top)))))
                .orElseGet(() -> NodeRuntime.detect(directory, packageJson));
        Finding framework = NodeLibraries.framework(packageJson);
        PackageManagerFinding manager = workspace.filter(top -> !hasLockFile(directory))
                .map(top -> packageManager(top, PackageJson.readIfPresent(top).orElse(PackageJson.EMPTY)))
                .map(found -> new PackageManagerFinding(found.manager(), found.version(), found.evidence()
                        + " of the workspace root (the app's package.json is one of its workspaces)"))
                .orElseGet(() -> packageManager(directory, packageJson));
        NodeStartCommand.Start start = NodeStartCommand.detect(directory, packageJson, manager.manager(),
                framework.value());
        NodeLibraries.Database database = NodeDatabase.detect(directory, packageJson, start.entry());
        Optional<Finding> health = NodeFileRoutes.health(directory, framework.value())
                .or(() -> HealthPathScanner.scan(directory, start.entry()));
        Optional<Finding> port = NodePort.detect(directory, packageJson, start, framework.value());

        List<String> evidence = new ArrayList<>();
        evidence.add("language nodejs from package.json");
        evidence.add(runtime.evidence());
        evidence.add(framework.evidence());
        evidence.add(database.evidence());
        evidence.add(manager.evidence());
        evidence.add(start.command().evidence());
        evidence.add(health.map(Finding::evidence).orElse("health_check_path none: no health route (such as "
                + "/health, /healthz or /up) is declared in the entry file or the top-level script files"));
        evidence.add(port.map(Finding::evidence).orElse("port none: neither the start command nor the code "
                + "names a port (such as process.env.PORT || 3000 or listen(3000))"));
        evidence.add("dependencies " + packageJson.dependencies().size() + " from package.json dependencies");
        TechStack stack = new TechStack(LANGUAGE, framework.value(), runtime.value(), packageJson.dependencies(),
                database.type().isPresent(), database.type(), manager.manager().command(), start.command().value(),
                health.map(Finding::value), evidence, port.map(found -> Integer.valueOf(found.value())),
                Optional.empty());
        return port.flatMap(Finding::fixedPort).map(stack::withFixedPort).orElse(stack);
    }

    private static boolean hasLockFile(Path directory) {
        return Arrays.stream(PackageManager.values()).anyMatch(manager -> manager.lockFileIn(directory).isPresent());
    }

    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        ToolRequirement node = new ToolRequirement("node", "--version",
                "apt-get install nodejs npm (the app asks for Node.js " + stack.runtimeVersion() + ")",
                RuntimeVersionRequirement.declared(stack).map(VersionRequirement.class::cast));
        PackageManager manager = PackageManager.named(stack.buildTool()).orElse(PackageManager.NPM);
        if (ProvidedPackageManager.isFetched(manager, path)) {
            return List.of(node, new ToolRequirement(PackageManager.NPM.command(), "--version", "apt-get install npm ("
                    + manager.command() + " is not installed: the build fetches it with npm)"));
        }
        ToolRequirement packages = new ToolRequirement(manager.command(), "--version", manager.installHint());
        return List.of(node, packages);
    }

    /**
     * {@code packageManager} in package.json, unless the manager it names has no lock file here and another manager
     * has one (the lock file is what installs reproducibly, so it wins); else the first lock file found; else a
     * manager's configuration file ({@code .yarnrc.yml}, {@code pnpm-workspace.yaml}, {@code bunfig.toml}); else npm.
     */
    static PackageManagerFinding packageManager(Path directory, PackageJson packageJson) {
        Optional<PackageManager.Declared> declared = packageJson.packageManager()
                .flatMap(PackageManager::parseField);
        List<PackageManager> locked = Arrays.stream(PackageManager.values())
                .filter(manager -> manager.lockFileIn(directory).isPresent()).toList();
        if (declared.isPresent()) {
            PackageManager manager = declared.get().manager();
            if (locked.isEmpty() || locked.contains(manager)) {
                return new PackageManagerFinding(manager, declared.get().version(), "build_tool "
                        + manager.command() + " from package.json packageManager (" + packageJson.packageManager()
                        .orElseThrow() + ")");
            }
            PackageManager lock = locked.getFirst();
            return new PackageManagerFinding(lock, Optional.empty(), "build_tool " + lock.command() + " from "
                    + lock.lockFileIn(directory).orElseThrow() + ", not package.json packageManager ("
                    + packageJson.packageManager().orElseThrow() + "): there is no " + manager.lockFiles().getFirst()
                    + ", and the lock file present is what installs the versions the app was tested with");
        }
        if (!locked.isEmpty()) {
            PackageManager lock = locked.getFirst();
            String others = locked.stream().skip(1).map(other -> other.lockFileIn(directory).orElseThrow())
                    .collect(Collectors.joining(", "));
            return new PackageManagerFinding(lock, Optional.empty(), "build_tool " + lock.command() + " from "
                    + lock.lockFileIn(directory).orElseThrow() + (others.isEmpty() ? "" : " (also found: " + others
                    + "; lock files are looked for in the order npm, yarn, pnpm, bun)"));
        }
        return Arrays.stream(PackageManager.values()).flatMap(manager -> manager.configFileIn(directory)
                        .map(file -> new PackageManagerFinding(manager, Optional.empty(), "build_tool "
                                + manager.command() + " from " + file + " (there is no lock file)")).stream())
                .findFirst()
                .orElseGet(() -> new PackageManagerFinding(PackageManager.NPM, Optional.empty(), "build_tool npm "
                        + "is the default: package.json has no packageManager and there is no lock file"));
    }

    /** The package manager, the version package.json pins for it, and the evidence. */
    record PackageManagerFinding(PackageManager manager, Optional<String> version, String evidence) {
    }
}
