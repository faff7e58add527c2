package dev.hivemind.engine.stage;

import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.state.DeploymentPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a deployment's code is on disk: the user's directory, or the clone under the deployment directory. */
public final class AppSource {

    private AppSource() {
    }

    static SourceLocation location(DeployRequest request) {
        return SourceLocation.parse(request.source(), Path.of("").toAbsolutePath());
    }

    /** The directory a fetch put the code in: a local source in place, a git source's clone in {@code source/}. */
    public static Path fetchedDirectory(DeploymentState state, DeploymentPaths paths) {
        return switch (location(state.request())) {
            case SourceLocation.LocalDirectory local -> local.path();
            case SourceLocation.GitUrl git -> paths.source();
        };
    }

    /**
     * The app inside {@code root}: {@code root} itself, or the {@code --app-dir} sub-directory.
     *
     * @throws InvalidInputException when the sub-directory leaves {@code root} or does not exist
     */
    public static Path appDirectory(Path root, Optional<String> appDir) {
        if (appDir.isEmpty()) {
            return root;
        }
        Path resolved = root.resolve(appDir.get()).normalize();
        if (Path.of(appDir.get()).isAbsolute() || !resolved.startsWith(root.normalize())) {
            throw new InvalidInputException(Agent.COMPILER,
                    "app directory '" + appDir.get() + "' is outside the repository " + root,
                    "Finding the app inside the repository", "Pass a path relative to the repository's root");
        }
        if (!Files.isDirectory(resolved)) {
            throw new InvalidInputException(Agent.COMPILER,
                    "app directory '" + appDir.get() + "' does not exist in " + root,
                    "Finding the app inside the repository",
                    "Check the sub-directory's name; it is relative to the repository's root");
        }
        return resolved;
    }
}
