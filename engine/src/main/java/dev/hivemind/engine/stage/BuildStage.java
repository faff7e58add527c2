package dev.hivemind.engine.stage;

import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Outputs;
import dev.hivemind.engine.Stage;
import dev.hivemind.engine.StageContext;
import dev.hivemind.engine.StageResult;
import dev.hivemind.engine.preflight.DiskSpace;
import dev.hivemind.engine.state.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * 020 build: builds the app into a fresh {@code artifacts/attempt-N} directory. Earlier attempts' directories are
 * removed first: a CLI killed mid-build may have left a build tool writing into one.
 */
public final class BuildStage implements Stage {
    private static final String ATTEMPT_PREFIX = "attempt-";

    private final ArtifactBuilder builder;

    public BuildStage(ArtifactBuilder builder) {
        this.builder = builder;
    }

    @Override
    public StageName name() {
        return StageName.BUILD;
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        TechStack stack = Outputs.require(state.techStack(), "tech stack", StageName.ANALYZE, state, Agent.COMPILER);
        Path source = AppSource.appDirectory(AppSource.fetchedDirectory(state, context.paths()),
                state.request().appDir());
        Path into = freshAttemptDirectory(context);
        context.info("building the " + stack.language() + " app in " + source + " with " + stack.buildTool()
                + " into " + into);
        BuildArtifact artifact = builder.build(
                new ArtifactBuilder.BuildRequest(source, stack, into, context.environment(), origin(state)),
                context.progress());
        context.info(String.format(Locale.ROOT, "built %s %s: %s, %s, in %.1f s with `%s`", artifact.type(),
                artifact.path(), DiskSpace.human(artifact.sizeBytes()), artifact.checksum(),
                artifact.buildDurationSeconds(), artifact.buildCommand()));
        return StageResult.completed(state.withBuildArtifact(artifact));
    }

    /**
     * A git source's checkout is exactly its commit, so the commit and the app directory identify it; a local
     * directory may hold changes no commit has, so it gets no revision and a cache hashes its files.
     */
    private static ArtifactBuilder.Origin origin(DeploymentState state) {
        Optional<String> revision = AppSource.location(state.request()) instanceof SourceLocation.GitUrl
                ? state.git().flatMap(git -> git.commit()).map(commit -> commit + ":"
                + state.request().appDir().orElse("."))
                : Optional.empty();
        return new ArtifactBuilder.Origin(Optional.of(state.app()), Optional.of(state.deploymentId()), revision,
                state.request().freshStart());
    }

    private static Path freshAttemptDirectory(StageContext context) {
        Path artifacts = context.paths().artifacts();
        Path into = artifacts.resolve(ATTEMPT_PREFIX + context.attempt());
        try {
            PrivateFiles.directory(artifacts);
            for (Path earlier : earlierAttempts(artifacts)) {
                remove(earlier, context);
            }
            PrivateFiles.deleteTree(into);
        } catch (IOException error) {
            throw IoErrors.failure("prepare", into, error);
        }
        return into;
    }

    private static List<Path> earlierAttempts(Path artifacts) throws IOException {
        try (Stream<Path> entries = Files.list(artifacts)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith(ATTEMPT_PREFIX)).toList();
        }
    }

    private static void remove(Path earlier, StageContext context) {
        context.info("removing the earlier build attempt " + earlier);
        try {
            PrivateFiles.deleteTree(earlier);
        } catch (IOException stillInUse) {
            // a build tool orphaned by a killed CLI may still write into it; the new attempt does not need it gone
            context.warn("could not remove " + earlier + ": " + IoErrors.describe(stillInUse)
                    + "; building into a new directory anyway");
        }
    }
}
