package dev.hivemind.analyzer.stack.staticsite;

import dev.hivemind.analyzer.build.BuildStep;
import dev.hivemind.analyzer.build.BuildSteps;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a static site: copies the directory the site is in ({@code public/}, {@code dist/}, ... or the whole
 * repository when {@code index.html} is at the root) into the artifact at the same relative place, so the detected
 * start command finds it there; {@code .git}, {@code node_modules} and the other dependency directories stay behind.
 * With a build command (from {@code hivemind.yaml}) the whole repository is copied and the command is run there by
 * {@code /bin/sh -c}, and the site directory must then hold an {@code index.html}.
 */
public final class StaticSiteBuilder implements ArtifactBuilder {
    private static final Set<String> NOT_COPIED = Set.of(".git", ".hg", ".svn", "node_modules", ".venv",
            "__pycache__");

    private final Clock clock;

    public StaticSiteBuilder() {
        this(Clock.systemUTC());
    }

    /** @param clock times the build */
    public StaticSiteBuilder(Clock clock) {
        this.clock = clock;
    }

    /**
     * @throws InvalidInputException when the source holds no site directory with an index.html
     * @throws BuildException        when the copy or the build command fails
     */
    @Override
    public BuildArtifact build(BuildRequest request, Progress output) {
        if (!request.stack().language().equals(StaticSiteDetector.LANGUAGE)) {
            throw new IllegalArgumentException("StaticSiteBuilder builds static sites, not "
                    + request.stack().language());
        }
        Path source = request.source().toAbsolutePath().normalize();
        Path artifact = request.artifactDirectory().toAbsolutePath().normalize();
        String site = siteIn(source);
        BuildSteps.requireFreshArtifact(source, artifact);
        Optional<String> command = request.stack().buildCommand();
        if (command.isPresent()) {
            return buildWith(command.get(), source, artifact, site, request.environment(), output);
        }
        BuildArtifact copied = BuildSteps.produce(artifact, List.of(), List.of(), Map.of(), clock, output,
                () -> BuildSteps.copy(source.resolve(site).normalize(), artifact.resolve(site).normalize(),
                        NOT_COPIED, "static site", output));
        return new BuildArtifact(copied.path(), copied.type(), copied.sizeBytes(), copied.checksum(),
                "copy " + StaticSiteDetector.shown(site), copied.buildDurationSeconds());
    }

    private BuildArtifact buildWith(String command, Path source, Path artifact, String site,
                                    Map<String, String> requested, Progress output) {
        BuildStep step = BuildStep.shell(command, "Building the static site in " + source
                + " with the build command from hivemind.yaml", "Run '" + command + "' in " + source
                + " to see it fail, and fix it or the build command in hivemind.yaml");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(requested);
        BuildArtifact built = BuildSteps.produce(artifact, List.of(step), List.of(BuildSteps.withExecutable(step,
                Path.of("/bin/sh"))), environment, clock, output,
                () -> BuildSteps.copy(source, artifact, NOT_COPIED, "static site", output));
        if (!Files.isRegularFile(artifact.resolve(site).resolve(StaticSiteDetector.INDEX))) {
            BuildException missing = new BuildException(Agent.COMPILER, "the build command '" + command
                    + "' left no " + StaticSiteDetector.INDEX + " in " + StaticSiteDetector.shown(site),
                    step.context(), "Make the build write the site to " + StaticSiteDetector.shown(site)
                    + " (the directory detection found), or remove the build command from hivemind.yaml");
            discard(artifact, missing);
            throw missing;
        }
        return built;
    }

    private static void discard(Path artifact, RuntimeException failure) {
        try {
            PrivateFiles.deleteTree(artifact);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static String siteIn(Path source) {
        if (!Files.isDirectory(source)) {
            throw new InvalidInputException(Agent.COMPILER, "there is no directory " + source + " to build",
                    "Building the static site in " + source, "Analyze the source again and build the directory "
                    + "that holds the site");
        }
        return StaticSiteDetector.siteDirectory(source).orElseThrow(() -> new InvalidInputException(Agent.COMPILER,
                "there is no " + StaticSiteDetector.INDEX + " in " + source + " or in its _site/, out/, dist/, "
                + "build/, public/ or docs/", "Building the static site in " + source, "Analyze the source again: "
                + "the site's files changed since it was analyzed"));
    }
}
