package dev.hivemind.analyzer;

import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Detects a Node.js app from its package.json and the files around it. */
final class NodeDetector implements StackDetector {
    static final String LANGUAGE = "nodejs";

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
        PackageJson packageJson = PackageJson.read(directory);
        Finding runtime = NodeRuntime.detect(directory, packageJson);
        Finding framework = NodeLibraries.framework(packageJson.dependencies());
        NodeLibraries.Database database = NodeLibraries.database(packageJson.dependencies());
        PackageManagerFinding manager = packageManager(directory, packageJson);
        NodeStartCommand.Start start = NodeStartCommand.detect(directory, packageJson, manager.manager());
        Optional<Finding> health = HealthPathScanner.scan(directory, start.entry());

        List<String> evidence = new ArrayList<>();
        evidence.add("language nodejs from package.json");
        evidence.add(runtime.evidence());
        evidence.add(framework.evidence());
        evidence.add(database.evidence());
        evidence.add(manager.evidence());
        evidence.add(start.command().evidence());
        evidence.add(health.map(Finding::evidence).orElse("health_check_path none: no health route (such as "
                + "/health, /healthz or /up) is declared in the entry file or the top-level script files"));
        evidence.add("dependencies " + packageJson.dependencies().size() + " from package.json dependencies");
        return new TechStack(LANGUAGE, framework.value(), runtime.value(), packageJson.dependencies(),
                database.type().isPresent(), database.type(), manager.manager().command(), start.command().value(),
                health.map(Finding::value), evidence);
    }

    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        ToolRequirement node = new ToolRequirement("node", "--version",
                "apt-get install nodejs npm (the app asks for Node.js " + stack.runtimeVersion() + ")");
        PackageManager manager = PackageManager.named(stack.buildTool()).orElse(PackageManager.NPM);
        ToolRequirement packages = new ToolRequirement(manager.command(), "--version", manager.installHint());
        return List.of(node, packages);
    }

    /** {@code packageManager} in package.json, else the first lock file found, else npm. */
    static PackageManagerFinding packageManager(Path directory, PackageJson packageJson) {
        Optional<PackageManager.Declared> declared = packageJson.packageManager()
                .flatMap(PackageManager::parseField);
        if (declared.isPresent()) {
            PackageManager manager = declared.get().manager();
            return new PackageManagerFinding(manager, declared.get().version(),
                    "build_tool " + manager.command() + " from package.json packageManager");
        }
        for (PackageManager manager : PackageManager.values()) {
            Optional<String> lockFile = manager.lockFileIn(directory);
            if (lockFile.isPresent()) {
                return new PackageManagerFinding(manager, Optional.empty(),
                        "build_tool " + manager.command() + " from " + lockFile.get());
            }
        }
        return new PackageManagerFinding(PackageManager.NPM, Optional.empty(), "build_tool npm is the default: "
                + "package.json has no packageManager and there is no lock file");
    }

    /** The package manager, the version package.json pins for it, and the evidence. */
    record PackageManagerFinding(PackageManager manager, Optional<String> version, String evidence) {
    }
}
