package dev.hivemind.engine.stage;

import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.state.DeploymentPaths;
import java.io.IOException;
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
     * @throws InvalidInputException when the sub-directory leaves {@code root} (by its path, or through a symbolic
     *                               link: the real paths are compared) or does not exist
     */
    public static Path appDirectory(Path root, Optional<String> appDir) {
        if (appDir.isEmpty()) {
            return root;
        }
        Path resolved = root.resolve(appDir.get()).normalize();
        if (Path.of(appDir.get()).isAbsolute() || !resolved.startsWith(root.normalize())) {
            throw outside(root, appDir.get(), "is outside the repository " + root);
        }
        if (!Files.isDirectory(resolved)) {
            throw new InvalidInputException(Agent.COMPILER,
                    "app directory '" + appDir.get() + "' does not exist in " + root,
                    "Finding the app inside the repository",
                    "Check the sub-directory's name; it is relative to the repository's root");
        }
        Path real = realPath(resolved);
        if (!real.startsWith(realPath(root))) {
            throw outside(root, appDir.get(), "is a symbolic link (or under one) to " + real
                    + ", outside the repository " + root);
        }
        return resolved;
    }

    private static InvalidInputException outside(Path root, String appDir, String why) {
        return new InvalidInputException(Agent.COMPILER, "app directory '" + appDir + "' " + why,
                "Finding the app inside the repository", "Pass a path relative to the repository's root, to a "
                + "directory inside " + root + " (not a link out of it)");
    }

    private static Path realPath(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(Agent.COMPILER, "cannot resolve " + directory + ": " + e.getMessage(),
                    "Finding the app inside the repository", "Check that " + directory + " is a readable directory",
                    e);
        }
    }
}
