package dev.hivemind.analyzer.stack.go;

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
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
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
 * Builds a Go app into one static binary beside its source: copies the source into the artifact directory (without
 * {@code .git}; the user's directory is only read, and the templates and static files Go apps read at run time come
 * along), checks that {@code go version} satisfies go.mod's go directive, downloads the modules and runs
 * {@code go build -trimpath -o app ./<main package>} with {@code CGO_ENABLED=0}. The go command's caches
 * ({@code GOCACHE}, and {@code GOPATH} with the module cache) live in one directory shared by every build and app,
 * {@code HIVEMIND_HOME/cache/go} in the CLI, so builds reuse them without touching the user's and the artifacts hold
 * none of them; {@code GOFLAGS} and {@code GOPROXY} are the user's. Every output
 * line goes to the {@link Progress} as it comes; a failed command gives a {@link BuildException} with its last 40
 * lines, and the partial artifact is removed.
 */
public final class GoArtifactBuilder implements ArtifactBuilder {
    /** The go command's caches' directory under {@code HIVEMIND_HOME/cache}. */
    public static final String CACHE = "go";
    private static final Set<String> NOT_COPIED = Set.of(".git");

    private final Path cache;
    private final Clock clock;

    /** @param cache where the go command's caches live ({@code HIVEMIND_HOME/cache/go}); created when needed */
    public GoArtifactBuilder(Path cache) {
        this(cache, Clock.systemUTC());
    }

    /**
     * @param cache where the go command's caches live; created when needed
     * @param clock times the build
     */
    public GoArtifactBuilder(Path cache, Clock clock) {
        this.cache = cache.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /** Where the go command's caches live. */
    Path cache() {
        return cache;
    }

    /**
     * @throws PreflightException    when go is not on the PATH or is older than go.mod's go directive
     * @throws InvalidInputException when the source holds no go.mod or no main package
     * @throws BuildException        when a command fails, with its exit code and last 40 lines of output
     */
    @Override
    public BuildArtifact build(BuildRequest request, Progress output) {
        Path source = request.source().toAbsolutePath().normalize();
        Path artifact = request.artifactDirectory().toAbsolutePath().normalize();
        TechStack stack = requireGo(request.stack());
        requireUsableDirectories(source, artifact);
        GoProject project = GoProject.read(source);
        Map<String, String> environment = environment(request.environment(), cache);
        String path = environment.getOrDefault("PATH", "");
        Path go = Executables.find(GoToolchain.COMMAND, path).orElseThrow(() -> notInstalled(source, path, stack));
        List<BuildStep> steps = GoBuildPlan.plan(project, source.toString(), stack.buildCommand());
        List<List<String>> commands = new ArrayList<>();
        for (BuildStep step : steps) {
            commands.add(step.executable().equals(GoToolchain.COMMAND) ? BuildSteps.withExecutable(step, go)
                    : step.command());
        }
        return BuildSteps.produce(artifact, steps, commands, environment, clock, output, () -> {
            requireWritable(cache, artifact);
            BuildSteps.copy(source, artifact, NOT_COPIED, "Go", output);
            // version-check: false in hivemind.yaml leaves the stack without a declared requirement
            GoToolchain.requireSatisfies(go, RuntimeVersionRequirement.declared(stack).isPresent()
                    ? project.mod().go() : Optional.empty(), artifact, environment, output);
        });
    }

    private static TechStack requireGo(TechStack stack) {
        if (!stack.language().equals(GoDetector.LANGUAGE)) {
            throw new IllegalArgumentException("GoArtifactBuilder builds go apps, not " + stack.language());
        }
        return stack;
    }

    private static void requireUsableDirectories(Path source, Path artifact) {
        if (!Files.isRegularFile(source.resolve(GoMod.FILE))) {
            throw new InvalidInputException(Agent.COMPILER, "there is no go.mod in " + source + " to build",
                    "Building the Go application in " + source, "Analyze the source again and build the directory "
                    + "that holds go.mod");
        }
        BuildSteps.requireFreshArtifact(source, artifact);
    }

    /**
     * This process's environment with the build's settings: no cgo and no toolchain download unless asked for
     * (the request's environment may set CGO_ENABLED or GOTOOLCHAIN), HiveMind's own caches, and a
     * module cache the deployment can delete ({@code -modcacherw}; the go command makes it read-only otherwise).
     */
    static Map<String, String> environment(Map<String, String> requested, Path cache) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("CGO_ENABLED", "0");
        environment.put("GOTOOLCHAIN", "local");
        environment.putAll(requested);
        environment.put("GOCACHE", cache.resolve("build").toString());
        environment.put("GOPATH", cache.resolve("gopath").toString());
        environment.remove("GOMODCACHE");
        String flags = environment.getOrDefault("GOFLAGS", "").strip();
        environment.put("GOFLAGS", flags.contains("-modcacherw") ? flags : (flags + " -modcacherw").strip());
        return environment;
    }

    private static void requireWritable(Path cache, Path artifact) {
        try {
            PrivateFiles.directory(cache);
            if (!Files.isWritable(cache)) {
                throw new IOException("it is not writable");
            }
        } catch (IOException e) {
            throw new BuildException(Agent.COMPILER, "cannot use " + cache + " as the Go build cache: "
                    + e.getMessage(), "Preparing the Go build cache for " + artifact, "Check that "
                    + cache.getParent() + " is writable and that the disk has room, or delete " + cache
                    + " (it is only a cache)", e);
        }
    }

    private static PreflightException notInstalled(Path source, String path, TechStack stack) {
        return new PreflightException(Agent.COMPILER, "go is not installed: no go on the PATH (" + path + ")",
                "Building the Go application in " + source, "Install it: apt-get install golang-go (the app asks for "
                + "Go " + stack.runtimeVersion() + ")");
    }
}
