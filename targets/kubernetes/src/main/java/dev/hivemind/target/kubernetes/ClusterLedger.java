package dev.hivemind.target.kubernetes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an app runs on Kubernetes and what it ran, in {@code kubernetes/apps/<app>.json} (0600): the kubeconfig
 * context, namespace, registry and strategy, and its releases (newest last) with their images by digest and the
 * Secrets of their environment, so that {@code rollback}, {@code status}, {@code logs} and {@code destroy} find the
 * cluster again and a rollback runs an earlier image without rebuilding. Holds no environment value.
 *
 * @param build           what the image is made from besides the artifact (stack, port, base, registry), as provision
 *                        found it, so that a migration before the rollout builds the same image
 * @param databaseStorage the volume size of the PostgreSQL the cluster runs for the app, when it was asked for
 * @param serving         the release that serves now
 */
record ClusterLedger(String app, Optional<String> context, String namespace, String registry, String strategy,
                     java.util.Map<String, String> build, Optional<String> databaseStorage,
                     List<ReleaseImage> releases, Optional<String> serving) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndRegisterModules();
    private static final int KEPT = 10;

    ClusterLedger {
        context = context == null ? Optional.empty() : context;
        build = build == null ? java.util.Map.of() : java.util.Map.copyOf(build);
        databaseStorage = databaseStorage == null ? Optional.empty() : databaseStorage;
        releases = List.copyOf(releases);
        serving = serving == null ? Optional.empty() : serving;
    }

    /** {@code release} added (the oldest dropped past ten) and serving, with {@code how}. */
    ClusterLedger withServing(ReleaseImage release, String how) {
        List<ReleaseImage> next = new ArrayList<>(releases.stream()
                .filter(known -> !known.releaseId().equals(release.releaseId())).toList());
        next.add(release);
        while (next.size() > KEPT) {
            next.removeFirst();
        }
        return new ClusterLedger(app, context, namespace, registry, how, build, databaseStorage, next,
                Optional.of(release.releaseId()));
    }

    Optional<ReleaseImage> release(String releaseId) {
        return releases.stream().filter(known -> known.releaseId().equals(releaseId)).findFirst();
    }

    Optional<ReleaseImage> current() {
        return serving.flatMap(this::release);
    }

    /** The release before the serving one. */
    Optional<ReleaseImage> previous() {
        int index = serving.map(id -> releases.stream().map(ReleaseImage::releaseId).toList().indexOf(id))
                .orElse(releases.size());
        return index > 0 ? Optional.of(releases.get(index - 1)) : Optional.empty();
    }

    static Path file(HivemindHome home, String app) {
        return home.root().resolve("kubernetes").resolve("apps").resolve(app + ".json");
    }

    void save(HivemindHome home) {
        Path file = file(home, app);
        try {
            PrivateFiles.directory(file.getParent().getParent());
            PrivateFiles.directory(file.getParent());
            PrivateFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record where " + app + " runs in " + file, e);
        }
    }

    static Optional<ClusterLedger> load(HivemindHome home, String app) {
        Path file = file(home, app);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ClusterLedger.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read where " + app + " runs from " + file, e);
        }
    }

    static void forget(HivemindHome home, String app) {
        try {
            Files.deleteIfExists(file(home, app));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(home, app), e);
        }
    }
}
