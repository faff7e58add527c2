package dev.hivemind.analyzer.stack;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.List;

/**
 * One language's detection. {@link RepositoryAnalyzer} asks its detectors in order and the first that recognizes
 * the directory describes it, so a language joins by adding a detector to that list.
 */
public interface StackDetector {

    /** The {@code language} of the stacks this detector gives, e.g. {@code nodejs}. */
    String language();

    /** The files whose presence marks the language, e.g. {@code package.json}; named in "nothing found" errors. */
    String marker();

    /** A readable name for messages, e.g. {@code Node.js}. */
    String displayName();

    /**
     * Whether HiveMind deploys what this detector recognizes; a detector of a stack it only recognizes (to refuse it
     * with a precise message) answers {@code false} and is left out of the "nothing found" message.
     */
    default boolean deploys() {
        return true;
    }

    boolean recognizes(Path directory);

    /**
     * Whether {@code directory}, an app's directory at or below the repository's {@code root}, is this detector's:
     * by default the same as {@link #recognizes(Path)}; a detector whose apps may live below their manifest (a Go
     * package below go.mod) looks up to the root.
     */
    default boolean recognizes(Path directory, Path root) {
        return recognizes(directory);
    }

    /**
     * @throws dev.hivemind.api.error.InvalidInputException when the marker is malformed or the app cannot be started
     */
    TechStack detect(Path directory);

    /**
     * The stack of the app in {@code directory}, at or below the repository's {@code root}, read with the root's
     * manifests when the app belongs to them (a workspace's lock file, a Gradle build's wrapper and catalog); by
     * default the app's directory alone.
     *
     * @throws dev.hivemind.api.error.InvalidInputException when the marker is malformed or the app cannot be started
     */
    default TechStack detect(Path directory, Path root) {
        return detect(directory);
    }

    List<ToolRequirement> requiredTools(TechStack stack);
}
