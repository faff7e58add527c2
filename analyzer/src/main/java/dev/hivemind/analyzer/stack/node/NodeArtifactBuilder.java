package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.RuntimeVersionRequirement;
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
import dev.hivemind.api.host.CleanEnvironment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a Node.js app with its package manager: copies the source into the artifact directory (without
 * {@code .git} and {@code node_modules}; the user's directory is only read), installs the dependencies
 * ({@code npm ci} with a lock file, else {@code npm install}; yarn, pnpm and bun use their frozen-lockfile installs)
 * and runs {@code scripts.build} when there is one. Every output line goes to the {@link Progress} as it comes. A
 * failed command gives a {@link BuildException} carrying the last 40 lines of output, and the partial artifact is
 * removed so the next attempt starts clean.
 */
public final class NodeArtifactBuilder implements ArtifactBuilder {
    private static final Set<String> NOT_COPIED = Set.of(".git", "node_modules");
    /** Keeps npm from phoning home and from printing what is not about the build. */
    private static final Map<String, String> QUIET_NPM = Map.of("npm_config_update_notifier", "false",
            "npm_config_fund", "false", "npm_config_audit", "false");

    private final Clock clock;

    public NodeArtifactBuilder() {
        this(Clock.systemUTC());
    }

    /** @param clock times the build */
    public NodeArtifactBuilder(Clock clock) {
        this.clock = clock;
    }

    /**
     * @throws PreflightException    when the package manager is not on the PATH
     * @throws InvalidInputException when the source holds no readable package.json
     * @throws BuildException        when a command fails, with its exit code and last 40 lines of output
     */
    @Override
    public BuildArtifact build(BuildRequest request, Progress output) {
        Path source = request.source().toAbsolutePath().normalize();
        Path artifact = request.artifactDirectory().toAbsolutePath().normalize();
        PackageManager manager = managerOf(request.stack());
        requireUsableDirectories(source, artifact);
        PackageJson packageJson = PackageJson.read(source);
        Map<String, String> environment = environment(request.environment());
        List<BuildStep> planned = NodeBuildPlan.plan(source, source.toString(), manager,
                declaredVersion(packageJson, manager), packageJson);
        List<BuildStep> steps = new ArrayList<>(BuildSteps.thenBuild(planned.subList(0, 1),
                planned.subList(1, planned.size()), request.stack(), source.toString()));
        String path = environment.getOrDefault("PATH", "");
        Optional<ProvidedPackageManager> provided = ProvidedPackageManager.whenMissing(manager,
                declaredVersion(packageJson, manager), source, path);
        provided.ifPresent(tool -> {
            steps.addFirst(tool.installStep(source.toString()));
            environment.put("PATH", artifact.resolve(CleanEnvironment.BIN) + File.pathSeparator + path);
        });
        List<List<String>> commands = resolve(steps, path, manager, provided, artifact);
        Path node = Executables.find(NodeInterpreter.COMMAND, environment.getOrDefault("PATH", ""))
                .orElseThrow(() -> new PreflightException(Agent.COMPILER, "node is not installed: no node on the "
                        + "PATH", "Building the Node.js application in " + source, "Install it: apt-get install "
                        + "nodejs npm (the app asks for Node.js " + request.stack().runtimeVersion() + ")"));
        return BuildSteps.produce(artifact, steps, commands, environment, clock, output, () -> {
            BuildSteps.copy(source, artifact, NOT_COPIED, "Node.js", output);
            // version-check: false in hivemind.yaml leaves the stack without a declared requirement
            NodeInterpreter.requireSatisfies(node, RuntimeVersionRequirement.declared(request.stack()).isPresent()
                    ? NodeRuntime.declared(source, packageJson) : Optional.empty(), artifact, environment, output);
        });
    }

    private static PackageManager managerOf(TechStack stack) {
        if (!stack.language().equals(NodeDetector.LANGUAGE)) {
            throw new IllegalArgumentException("NodeArtifactBuilder builds nodejs apps, not " + stack.language());
        }
        return PackageManager.named(stack.buildTool()).orElseThrow(() -> new IllegalArgumentException(
                "unknown Node.js build tool '" + stack.buildTool() + "'; known: npm, yarn, pnpm, bun"));
    }

    private static void requireUsableDirectories(Path source, Path artifact) {
        if (!Files.isRegularFile(source.resolve(PackageJson.FILE))) {
            throw new InvalidInputException(Agent.COMPILER, "there is no package.json in " + source + " to build",
                    "Building the Node.js application in " + source, "Analyze the source again and build the "
                    + "directory that holds package.json");
        }
        BuildSteps.requireFreshArtifact(source, artifact);
    }

    private static Optional<String> declaredVersion(PackageJson packageJson, PackageManager manager) {
        return packageJson.packageManager().flatMap(PackageManager::parseField)
                .filter(declared -> declared.manager() == manager).flatMap(PackageManager.Declared::version);
    }

    private static Map<String, String> environment(Map<String, String> requested) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(QUIET_NPM);
        environment.putAll(requested);
        return environment;
    }

    /**
     * Every step's executable, found on the build's PATH before anything is done; a {@link ProvidedPackageManager}
     * is the one its first step puts into the artifact.
     */
    private static List<List<String>> resolve(List<BuildStep> steps, String path, PackageManager manager,
                                              Optional<ProvidedPackageManager> provided, Path artifact) {
        List<List<String>> commands = new ArrayList<>();
        for (BuildStep step : steps) {
            Optional<Path> fetched = provided.filter(tool -> tool.command().equals(step.executable()))
                    .map(tool -> tool.executableIn(artifact));
            Path executable = fetched.or(() -> Executables.find(step.executable(), path)).orElseThrow(() ->
                    new PreflightException(Agent.COMPILER, step.executable() + " is not installed: no "
                    + step.executable() + " on the PATH (" + path + ")", step.context(), "Install it: "
                    + manager.installHint()));
            commands.add(BuildSteps.withExecutable(step, executable));
        }
        return commands;
    }
}
