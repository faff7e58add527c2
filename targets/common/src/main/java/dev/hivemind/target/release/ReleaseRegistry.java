package dev.hivemind.target.release;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.hivemind.api.FixedPort;
import dev.hivemind.api.Target.ReleaseSpec;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.runtime.client.InstanceNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The releases an app has run, newest last, kept in {@code apps/<app>/releases.json} (0600: it holds
 * environment values) so that rollback can start an earlier release again without rebuilding.
 */
public final class ReleaseRegistry {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndRegisterModules();

    private final Path file;

    public ReleaseRegistry(Path appDirectory) {
        this.file = appDirectory.resolve("releases.json");
    }

    /**
     * One release as started: enough to start it again.
     *
     * @param fixedPort the port the app listens on whatever {@code PORT} says, when the analyzer found one
     * @param network   where its instances listen, as the target decided when it started them (loopback ports, or
     *                  a network namespace each)
     */
    public record Release(String releaseId, String artifact, String startCommand, String healthPath, HealthCheck health,
                   Map<String, String> environment, String deployedAt, Optional<FixedPort> fixedPort,
                   InstanceNetwork network) {

        public Release {
            fixedPort = fixedPort == null ? Optional.empty() : fixedPort;
            network = network == null ? InstanceNetwork.loopback() : network;
        }

        /** A release of an app that listens on the {@code PORT} it is given. */
        public Release(String releaseId, String artifact, String startCommand, String healthPath, HealthCheck health,
                       Map<String, String> environment, String deployedAt) {
            this(releaseId, artifact, startCommand, healthPath, health, environment, deployedAt, Optional.empty(),
                    InstanceNetwork.loopback());
        }

        public static Release of(ReleaseSpec spec, Instant at) {
            return new Release(spec.releaseId(), spec.artifact().toString(), spec.startCommand(), spec.healthPath(),
                    spec.health(), spec.environment(), at.toString(), spec.fixedPort(), InstanceNetwork.loopback());
        }

        /** This release with its artifact at {@code directory} (on the host that runs it). */
        public Release withArtifact(String directory) {
            return new Release(releaseId, directory, startCommand, healthPath, health, environment, deployedAt,
                    fixedPort, network);
        }

        /** This release with {@code extra} added to its environment (for this start only, not the record). */
        public Release withEnvironment(Map<String, String> extra) {
            Map<String, String> merged = new java.util.TreeMap<>(environment);
            merged.putAll(extra);
            return new Release(releaseId, artifact, startCommand, healthPath, health, merged, deployedAt, fixedPort,
                    network);
        }

        /** This release, known to listen on {@code port} whatever {@code PORT} says. */
        public Release withFixedPort(Optional<FixedPort> port) {
            return new Release(releaseId, artifact, startCommand, healthPath, health, environment, deployedAt, port,
                    network);
        }

        /** This release with its instances started in {@code next}. */
        public Release withNetwork(InstanceNetwork next) {
            return new Release(releaseId, artifact, startCommand, healthPath, health, environment, deployedAt,
                    fixedPort, next);
        }

        public Release deployedAt(Instant at) {
            return new Release(releaseId, artifact, startCommand, healthPath, health, environment, at.toString(),
                    fixedPort, network);
        }

        public boolean artifactPresent() {
            return Files.isDirectory(Path.of(artifact));
        }
    }

    Path file() {
        return file;
    }

    List<Release> all() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Release>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Records a release as the newest, replacing an earlier record of the same id. */
    public void record(Release release) {
        List<Release> releases = new ArrayList<>(all());
        releases.removeIf(existing -> existing.releaseId().equals(release.releaseId()));
        releases.add(release);
        try {
            FileModes.privateDirectory(file.getParent());
            PrivateFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(releases), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Optional<Release> find(String releaseId) {
        return all().stream().filter(release -> release.releaseId().equals(releaseId)).findFirst();
    }

    /** The newest release other than {@code current} whose artifact is still on disk. */
    public Optional<Release> before(String current) {
        return before(current, Release::artifactPresent);
    }

    /** The newest release other than {@code current} that is {@code usable} (its artifact still there, say). */
    public Optional<Release> before(String current, java.util.function.Predicate<Release> usable) {
        List<Release> releases = all();
        for (int i = releases.size() - 1; i >= 0; i--) {
            Release candidate = releases.get(i);
            if (!candidate.releaseId().equals(current) && usable.test(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
