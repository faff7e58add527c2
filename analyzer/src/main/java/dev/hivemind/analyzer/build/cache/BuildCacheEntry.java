package dev.hivemind.analyzer.build.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the build cache records beside a stored artifact, in {@code entry.json}.
 *
 * @param key                  the {@link BuildCacheKey} value
 * @param app                  the app the build was for
 * @param deploymentId         the deployment that built it
 * @param buildCommand         the builder's own {@code build_command}, e.g. {@code npm ci}
 * @param buildDurationSeconds how long that build took
 * @param checksum             the artifact's {@code sha256:} checksum as built, which a copy must match
 * @param sizeBytes            the artifact's size
 * @param builtIn              the directory it was built in, which {@link ArtifactRelocation} replaces
 * @param relocatedFiles       files holding {@code builtIn}, relative to the artifact
 * @param relocatedLinks       links pointing under {@code builtIn}, relative to the artifact
 * @param storedAt             when it was stored (ISO-8601)
 */
record BuildCacheEntry(String key, String app, String deploymentId, String buildCommand, double buildDurationSeconds,
                       String checksum, long sizeBytes, String builtIn, List<String> relocatedFiles,
                       List<String> relocatedLinks, String storedAt) {
    static final String FILE = "entry.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    BuildCacheEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(buildCommand, "buildCommand");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(builtIn, "builtIn");
        relocatedFiles = List.copyOf(relocatedFiles);
        relocatedLinks = List.copyOf(relocatedLinks);
        Objects.requireNonNull(storedAt, "storedAt");
    }

    ArtifactRelocation.Plan relocation() {
        return new ArtifactRelocation.Plan(relocatedFiles, relocatedLinks, java.util.Optional.empty());
    }

    /** Reads {@code directory/entry.json}. */
    static BuildCacheEntry read(Path directory) throws IOException {
        return JSON.readValue(directory.resolve(FILE).toFile(), BuildCacheEntry.class);
    }

    /** Writes {@code directory/entry.json}, 0600. */
    void write(Path directory) throws IOException {
        PrivateFiles.writeAtomically(directory.resolve(FILE), JSON.writeValueAsBytes(this), true);
    }
}
