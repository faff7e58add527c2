package dev.hivemind.analyzer.build.cache;

import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.analyzer.build.BuildSteps;
import dev.hivemind.analyzer.build.Directories;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * A build cache in front of another builder: a build whose {@link BuildCacheKey} was built before is copied from
 * the cache instead of being built again.
 *
 * <p>Entries live in {@code <root>/<app>-<language>/<key>/} ({@code artifact/} and {@code entry.json}); at most
 * {@code maxEntries} per app and language are kept, the least recently used removed first. A hit hard-links the
 * stored artifact's files into the request's directory (copies them across file systems), checks the result against
 * the recorded checksum (a mismatch discards the
 * entry and builds: a miss), rewrites the paths the build wrote into it ({@link ArtifactRelocation}), and returns
 * an artifact whose {@code build_command} reads {@code cached: <command> (built by deployment <id>)} and whose
 * duration is the original build's. A miss builds with the delegate, then stores a copy: written in a temporary
 * directory and renamed into place, so a reader never sees half an entry and of two builders of one key the first
 * rename wins. A fresh start does not read the cache but still stores its build, replacing the entry. Failing to
 * store never fails the build.
 */
public final class CachingArtifactBuilder implements ArtifactBuilder {
    /** Entries kept per app and language. */
    public static final int DEFAULT_MAX_ENTRIES = 5;
    private static final String INCOMING = ".incoming-";
    private static final String ARTIFACT = "artifact";
    private static final Duration ABANDONED = Duration.ofHours(6);
    private static final System.Logger LOG = System.getLogger(CachingArtifactBuilder.class.getName());

    private final ArtifactBuilder delegate;
    private final Path root;
    private final Function<TechStack, List<ToolRequirement>> tools;
    private final int maxEntries;
    private final Clock clock;

    /** A cache in {@code root} of at most {@value #DEFAULT_MAX_ENTRIES} builds per app and language. */
    public CachingArtifactBuilder(ArtifactBuilder delegate, Path root, StackAnalyzer analyzer) {
        this(delegate, root, analyzer::requiredTools, DEFAULT_MAX_ENTRIES, Clock.systemUTC());
    }

    /**
     * @param delegate   builds on a miss
     * @param root       the cache directory, e.g. {@code HIVEMIND_HOME/cache/builds} (created 0700)
     * @param tools      the tools whose versions go into the key, for a stack
     * @param maxEntries how many builds to keep per app and language
     * @param clock      times hits and stamps entries
     */
    public CachingArtifactBuilder(ArtifactBuilder delegate, Path root, Function<TechStack, List<ToolRequirement>> tools,
                                  int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.delegate = delegate;
        this.root = root.toAbsolutePath().normalize();
        this.tools = tools;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public BuildArtifact build(BuildRequest request, Progress output) {
        Path source = request.source().toAbsolutePath().normalize();
        Path artifact = request.artifactDirectory().toAbsolutePath().normalize();
        BuildSteps.requireFreshArtifact(source, artifact);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(request.environment());
        BuildCacheKey key = BuildCacheKey.of(request, Toolchain.versions(tools.apply(request.stack()), environment,
                new ToolVersionMemo(root, clock)));
        Path group = root.resolve(groupName(request));
        Path entry = group.resolve(key.value());
        if (request.origin().freshStart()) {
            output.line("fresh start: not reading the build cache (key " + key.shortValue() + ", " + key.basis()
                    + ")");
        } else {
            Optional<BuildArtifact> hit = hit(entry, key, artifact, output);
            if (hit.isPresent()) {
                return hit.get();
            }
            output.line("build cache miss (key " + key.shortValue() + ", " + key.basis() + ")");
        }
        BuildArtifact built = delegate.build(request, output);
        store(group, entry, key, built, request, output);
        return built;
    }

    private Optional<BuildArtifact> hit(Path entry, BuildCacheKey key, Path artifact, Progress output) {
        if (!Files.isDirectory(entry)) {
            return Optional.empty();
        }
        Instant started = clock.instant();
        try {
            BuildCacheEntry recorded = BuildCacheEntry.read(entry);
            Directories.linkTree(entry.resolve(ARTIFACT), artifact);
            ArtifactRelocation.Rewrite relocation = new ArtifactRelocation.Rewrite(recorded.relocation(),
                    Path.of(recorded.builtIn()), artifact);
            // one read gives the entry's checksum and the relocated artifact's
            ArtifactChecksum.Substituted checksums = ArtifactChecksum.of(artifact, relocation);
            ArtifactChecksum copied = checksums.current();
            if (!copied.value().equals(recorded.checksum())) {
                output.line("build cache entry " + entry + " does not match its checksum (recorded "
                        + recorded.checksum() + ", found " + copied.value() + "); discarding it");
                return discard(entry, artifact);
            }
            relocation.write();
            ArtifactChecksum result = checksums.substituted();
            Files.setLastModifiedTime(entry.resolve(BuildCacheEntry.FILE), FileTime.from(clock.instant()));
            output.line(String.format(Locale.ROOT, "build cache hit (key %s, %s): the artifact built by deployment "
                    + "%s in %.1f s, linked in %.1f s", key.shortValue(), key.basis(), recorded.deploymentId(),
                    recorded.buildDurationSeconds(), Duration.between(started, clock.instant()).toMillis() / 1000.0));
            return Optional.of(new BuildArtifact(artifact.toString(), "directory", result.sizeBytes(),
                    result.value(), "cached: " + recorded.buildCommand() + " (built by deployment "
                    + recorded.deploymentId() + ")", recorded.buildDurationSeconds()));
        } catch (IOException | UncheckedIOException | IllegalArgumentException unreadable) {
            output.line("build cache entry " + entry + " cannot be used (" + unreadable.getMessage()
                    + "); discarding it");
            LOG.log(System.Logger.Level.WARNING, "unusable build cache entry " + entry, unreadable);
            return discard(entry, artifact);
        }
    }

    private static Optional<BuildArtifact> discard(Path entry, Path artifact) {
        delete(artifact);
        delete(entry);
        return Optional.empty();
    }

    private void store(Path group, Path entry, BuildCacheKey key, BuildArtifact built, BuildRequest request,
                       Progress output) {
        Path artifact = Path.of(built.path());
        Path incoming = group.resolve(INCOMING + UUID.randomUUID());
        try {
            ArtifactRelocation.Plan plan = ArtifactRelocation.scan(artifact);
            if (plan.unmovable().isPresent()) {
                output.line("not storing the build in the build cache: " + plan.unmovable().get() + " holds the "
                        + "build directory's path in binary form, so a copy elsewhere would not run");
                return;
            }
            PrivateFiles.directory(incoming);
            Directories.copyTree(artifact, incoming.resolve(ARTIFACT), Set.of(), incoming);
            new BuildCacheEntry(key.value(), request.origin().app().orElse(fallbackApp(request)),
                    request.origin().deploymentId().orElse("unknown"), built.buildCommand(),
                    built.buildDurationSeconds(), built.checksum(), built.sizeBytes(), artifact.toString(),
                    plan.files(), plan.links(), clock.instant().toString()).write(incoming);
            if (request.origin().freshStart()) {
                delete(entry);
            }
            output.line(publish(incoming, entry) ? "stored the build in the build cache (key " + key.shortValue()
                    + ")" : "another build of key " + key.shortValue() + " was stored first; keeping it");
            evict(group);
        } catch (IOException | UncheckedIOException failure) {
            output.line("could not store the build in the build cache " + root + ": " + failure.getMessage());
            LOG.log(System.Logger.Level.WARNING, "could not store a build in " + group, failure);
        } finally {
            delete(incoming);
        }
    }

    /** Renames the finished entry into place; false when another builder's entry is there already. */
    private static boolean publish(Path incoming, Path entry) throws IOException {
        try {
            Files.move(incoming, entry, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (AtomicMoveNotSupportedException notHere) {
            throw new IOException("the file system of " + entry.getParent() + " cannot rename atomically", notHere);
        } catch (FileSystemException taken) {
            // rename(2) onto a non-empty directory fails with ENOTEMPTY, which Java reports in general terms
            if (Files.isDirectory(entry)) {
                return false;
            }
            throw taken;
        }
    }

    /** Keeps the {@code maxEntries} most recently used entries, and removes what killed builders left. */
    private void evict(Path group) throws IOException {
        List<Path> entries;
        try (var list = Files.list(group)) {
            entries = list.filter(Files::isDirectory).toList();
        }
        Instant abandoned = clock.instant().minus(ABANDONED);
        entries.stream().filter(path -> path.getFileName().toString().startsWith(INCOMING))
                .filter(path -> lastUsed(path).isBefore(abandoned)).forEach(CachingArtifactBuilder::delete);
        List<Path> stored = entries.stream().filter(path -> !path.getFileName().toString().startsWith("."))
                .sorted((one, other) -> lastUsed(other).compareTo(lastUsed(one))).toList();
        stored.stream().skip(maxEntries).forEach(old -> {
            LOG.log(System.Logger.Level.INFO, "removing the least recently used build cache entry " + old);
            delete(old);
        });
    }

    private static Instant lastUsed(Path entry) {
        try {
            Path file = entry.resolve(BuildCacheEntry.FILE);
            return Files.getLastModifiedTime(Files.exists(file) ? file : entry).toInstant();
        } catch (IOException gone) {
            return Instant.EPOCH;
        }
    }

    /** {@code <app>-<language>}, made safe for a directory name. */
    private static String groupName(BuildRequest request) {
        String app = request.origin().app().orElse(fallbackApp(request));
        return (app + "-" + request.stack().language()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[-.]+", "");
    }

    private static String fallbackApp(BuildRequest request) {
        Path name = request.source().toAbsolutePath().normalize().getFileName();
        return name == null ? "app" : name.toString();
    }

    private static void delete(Path path) {
        try {
            PrivateFiles.deleteTree(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + path, e);
        }
    }
}
