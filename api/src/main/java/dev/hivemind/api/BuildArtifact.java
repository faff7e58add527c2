package dev.hivemind.api;

import java.util.Objects;

/**
 * The result of a build: a directory holding everything the app needs to start.
 *
 * @param path                 absolute path of the artifact directory
 * @param type                 {@code directory}
 * @param sizeBytes            total size of the files in it
 * @param checksum             {@code sha256:<hex>} over the sorted relative paths and contents
 * @param buildCommand         what was run, e.g. {@code npm ci && npm run build}
 * @param buildDurationSeconds wall time of the build
 */
public record BuildArtifact(
        String path, String type, long sizeBytes, String checksum, String buildCommand, double buildDurationSeconds) {

    public BuildArtifact {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(buildCommand, "buildCommand");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
        }
    }
}
