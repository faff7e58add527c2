package dev.hivemind.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
     * @param origin            which deployment asks, and what exactly the source is, for a build cache
     */
    record BuildRequest(Path source, TechStack stack, Path artifactDirectory, Map<String, String> environment,
                        Origin origin) {
        public BuildRequest {
            environment = Map.copyOf(environment);
            Objects.requireNonNull(origin, "origin");
        }

        /** A request from no deployment in particular, whose source is identified by its files. */
        public BuildRequest(Path source, TechStack stack, Path artifactDirectory, Map<String, String> environment) {
            this(source, stack, artifactDirectory, environment, Origin.unknown());
        }
    }

    /**
     * Where a build request comes from.
     *
     * @param app          the app being deployed
     * @param deploymentId the deployment building it
     * @param revision     what the source is exactly, when a revision says it: a git commit and the app's path in
     *                     it, e.g. {@code 3f2a…:services/api}; empty when the files may differ from any commit (a
     *                     local directory), so that a cache hashes the files themselves
     * @param freshStart   whether a build cache must not be read (the new build is still stored)
     */
    record Origin(Optional<String> app, Optional<String> deploymentId, Optional<String> revision, boolean freshStart) {
        public Origin {
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(deploymentId, "deploymentId");
            Objects.requireNonNull(revision, "revision");
        }

        /** No app, deployment or revision known; caches may be read. */
        public static Origin unknown() {
            return new Origin(Optional.empty(), Optional.empty(), Optional.empty(), false);
        }
    }
}
