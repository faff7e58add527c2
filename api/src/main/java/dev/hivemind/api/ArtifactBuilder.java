package dev.hivemind.api;

import java.nio.file.Path;
import java.util.Map;

/** Builds an application with its stack's real toolchain. */
public interface ArtifactBuilder {

    /**
     * Copies the source into {@code request.artifactDirectory()} (never building in the user's checkout),
     * installs dependencies and runs the build, streaming output to {@code output}.
     *
     * @throws BuildException when the build fails, with the last 40 lines of output
     */
    BuildArtifact build(BuildRequest request, Progress output);

    /**
     * @param source            the application's directory (a checkout or the user's directory; read only)
     * @param stack             what the analyzer found
     * @param artifactDirectory where the runnable result goes; created, must not exist or be empty
     * @param environment       extra environment for the build
     */
    record BuildRequest(Path source, TechStack stack, Path artifactDirectory, Map<String, String> environment) {
        public BuildRequest {
            environment = Map.copyOf(environment);
        }
    }
}
