package dev.hivemind.analyzer.build.cache;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.analyzer.build.BuildStep;
import dev.hivemind.analyzer.build.BuildSteps;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.ArtifactBuilder.Origin;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache around a small builder of our own that copies the app and runs one real shell step (the real
 * language builders are exercised in CachingArtifactBuilderIT); the toolchain is a real script on the build's PATH.
 */
class CachingArtifactBuilderTest {
    private static final TechStack STACK = new TechStack("nodejs", "none", "20", List.of(), false, Optional.empty(),
            "npm", "node server.js", Optional.empty(), List.of());

    @TempDir
    Path root;

    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CountingBuilder delegate = new CountingBuilder();
    private Path app;
    private Path tools;
    private Path cache;
    private CachingArtifactBuilder builder;
    private int builds;

    @BeforeEach
    void setUp() throws IOException {
        app = root.resolve("app");
        write(app, "package.json", "{\"name\": \"app\"}");
        write(app, "package-lock.json", "{\"lockfileVersion\": 3}");
        write(app, "server.js", "v1");
        tools = root.resolve("bin");
        tool("node", "v20.11.1");
        cache = root.resolve("home/cache/builds");
        builder = new CachingArtifactBuilder(delegate, cache,
                stack -> List.of(new ToolRequirement("node", "--version", "install node")), 5, Clock.systemUTC());
    }

    @Test
    void aSecondBuildOfTheSameSourceIsCopiedFromTheCache() throws IOException {
        BuildArtifact first = build("d1", Optional.empty());
        BuildArtifact second = build("d2", Optional.empty());

        assertThat(delegate.calls.get()).isEqualTo(1);
        assertThat(second.path()).isEqualTo(artifactOf(2).toString()).isNotEqualTo(first.path());
        assertThat(second.type()).isEqualTo("directory");
        assertThat(second.checksum()).isEqualTo(first.checksum()).isEqualTo(ArtifactChecksum.of(artifactOf(2)).value());
        assertThat(second.sizeBytes()).isEqualTo(first.sizeBytes());
        assertThat(second.buildCommand()).isEqualTo("cached: echo built > built.txt (built by deployment d1)");
        assertThat(second.buildDurationSeconds()).isEqualTo(first.buildDurationSeconds());
        assertThat(artifactOf(2).resolve("built.txt")).hasContent("built");
        assertThat(output).anyMatch(line -> line.matches("build cache miss \\(key [0-9a-f]{12}, files\\)"))
                .anyMatch(line -> line.matches("build cache hit \\(key [0-9a-f]{12}, files\\): the artifact built by "
                        + "deployment d1 in \\d+\\.\\d s, linked in \\d+\\.\\d s"));
    }

    @Test
    void entriesArePrivate() throws IOException {
        build("d1", Optional.empty());

        Path entry = onlyEntry();
        assertThat(PrivateFiles.mode(cache)).isEqualTo("rwx------");
        assertThat(PrivateFiles.mode(entry.getParent())).isEqualTo("rwx------");
        assertThat(PrivateFiles.mode(entry)).isEqualTo("rwx------");
        assertThat(PrivateFiles.mode(entry.resolve("entry.json"))).isEqualTo("rw-------");
        assertThat(entry.getParent().getFileName().toString()).isEqualTo("app-nodejs");
        assertThat(Files.readString(entry.resolve("entry.json"))).contains("\"deployment_id\" : \"d1\"");
    }

    @Test
    void aChangedSourceFileIsAMissButChangesUnderSkippedDirectoriesAreNot() throws IOException {
        build("d1", Optional.empty());
        write(app, "node_modules/left/over.js", "x");
        write(app, ".git/HEAD", "ref: refs/heads/main");
        build("d2", Optional.empty());
        write(app, "server.js", "v2");
        build("d3", Optional.empty());

        assertThat(delegate.calls.get()).isEqualTo(2);
        assertThat(artifactOf(3).resolve("server.js")).hasContent("v2");
    }

    @Test
    void aRevisionIdentifiesTheSourceButALockFileChangeIsStillAMiss() throws IOException {
        build("d1", Optional.of("c1:."));
        write(app, "server.js", "a change the revision c1 stands for");
        build("d2", Optional.of("c1:."));
        build("d3", Optional.of("c2:."));
        write(app, "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {}}");
        build("d4", Optional.of("c2:."));
        build("d5", Optional.of("c2:services/api"));

        assertThat(delegate.calls.get()).isEqualTo(4);
        assertThat(output).anyMatch(line -> line.startsWith("build cache hit (key ") && line.contains("revision c1:."));
    }

    @Test
    void anotherToolchainVersionIsAMiss() throws IOException {
        build("d1", Optional.empty());
        tool("node", "v22.1.0");
        build("d2", Optional.empty());
        build("d3", Optional.empty());

        assertThat(delegate.calls.get()).isEqualTo(2);
    }

    @Test
    void theStackFieldsThatShapeTheBuildArePartOfTheKey() throws IOException {
        build("d1", Optional.empty());
        build("d2", Optional.empty(), STACK.withBuildCommand("npm run build:prod", "hivemind.yaml build"), false);
        build("d3", Optional.empty(), STACK.withStartCommand("node main.js", "Procfile"), false);
        build("d4", Optional.empty(), STACK.withHealthCheckPath("/health", "server.js"), false);

        assertThat(delegate.calls.get()).isEqualTo(3);
    }

    @Test
    void anEntryWhoseArtifactNoLongerMatchesItsChecksumIsDiscardedAndRebuilt() throws IOException {
        build("d1", Optional.empty());
        Path entry = onlyEntry();
        write(entry, "artifact/built.txt", "tampered");

        BuildArtifact rebuilt = build("d2", Optional.empty());

        assertThat(delegate.calls.get()).isEqualTo(2);
        assertThat(artifactOf(2).resolve("built.txt")).hasContent("built");
        assertThat(rebuilt.buildCommand()).isEqualTo("echo built > built.txt");
        assertThat(output).anyMatch(line -> line.startsWith("build cache entry " + entry
                + " does not match its checksum (recorded sha256:"));
        assertThat(entry.resolve("artifact/built.txt")).hasContent("built");
        assertThat(BuildCacheEntry.read(entry).deploymentId()).isEqualTo("d2");
    }

    @Test
    void anUnreadableEntryIsAMiss() throws IOException {
        build("d1", Optional.empty());
        Files.writeString(onlyEntry().resolve("entry.json"), "{not json");

        build("d2", Optional.empty());

        assertThat(delegate.calls.get()).isEqualTo(2);
        assertThat(output).anyMatch(line -> line.contains("cannot be used") && line.endsWith("discarding it"));
    }

    @Test
    void aFreshStartBuildsAndReplacesTheEntry() throws IOException {
        build("d1", Optional.empty());

        BuildArtifact fresh = build("d2", Optional.empty(), STACK, true);
        BuildArtifact after = build("d3", Optional.empty());

        assertThat(delegate.calls.get()).isEqualTo(2);
        assertThat(fresh.buildCommand()).doesNotStartWith("cached:");
        assertThat(after.buildCommand()).endsWith("(built by deployment d2)");
        assertThat(output).anyMatch(line -> line.startsWith("fresh start: not reading the build cache (key "));
    }

    @Test
    void keepsTheMostRecentlyUsedEntriesPerAppAndLanguage() throws IOException {
        CachingArtifactBuilder small = new CachingArtifactBuilder(delegate, cache,
                stack -> List.of(), 2, Clock.systemUTC());
        small.build(request("d1", Optional.of("c1:."), STACK, false), output::add);
        small.build(request("d2", Optional.of("c2:."), STACK, false), output::add);
        Files.setLastModifiedTime(entryBuiltBy("d1").resolve("entry.json"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        small.build(request("d3", Optional.of("c3:."), STACK, false), output::add);

        try (Stream<Path> entries = Files.list(cache.resolve("app-nodejs"))) {
            assertThat(entries.map(this::deploymentOf)).containsExactlyInAnyOrder("d1", "d3");
        }
    }

    @Test
    void pathsTheBuildWroteIntoTheArtifactAreRewrittenOnAHit() throws IOException {
        delegate.extra = artifact -> {
            write(artifact, ".venv/bin/tool", "#!" + artifact + "/.venv/bin/python3\nprint('x')\n");
            Files.createSymbolicLink(artifact.resolve("current"), artifact.resolve(".venv"));
        };
        build("d1", Optional.empty());
        PrivateFiles.deleteTree(artifactOf(1));

        BuildArtifact hit = build("d2", Optional.empty());

        assertThat(artifactOf(2).resolve(".venv/bin/tool")).hasContent("#!" + artifactOf(2)
                + "/.venv/bin/python3\nprint('x')");
        assertThat(Files.readSymbolicLink(artifactOf(2).resolve("current"))).isEqualTo(artifactOf(2).resolve(".venv"));
        assertThat(hit.checksum()).isEqualTo(ArtifactChecksum.of(artifactOf(2)).value());
        assertThat(Files.getPosixFilePermissions(artifactOf(2).resolve(".venv/bin/tool")))
                .isEqualTo(Files.getPosixFilePermissions(storedFile(".venv/bin/tool")));
        assertThat(storedFile(".venv/bin/tool")).hasContent("#!" + artifactOf(1) + "/.venv/bin/python3\nprint('x')");
        assertThat(build("d3", Optional.empty()).buildCommand()).startsWith("cached: ");
    }

    @Test
    void aHitLinksTheCachedFilesInsteadOfCopyingThem() throws IOException {
        build("d1", Optional.empty());
        build("d2", Optional.empty());

        Object stored = Files.getAttribute(storedFile("built.txt"), "unix:ino");
        assertThat(Files.getAttribute(artifactOf(2).resolve("built.txt"), "unix:ino")).isEqualTo(stored);
        assertThat(Files.getAttribute(artifactOf(1).resolve("built.txt"), "unix:ino")).isNotEqualTo(stored);
    }

    private Path storedFile(String relative) throws IOException {
        try (var entries = Files.walk(cache)) {
            return entries.filter(path -> path.endsWith(Path.of("artifact", relative))).findFirst().orElseThrow();
        }
    }

    @Test
    void anArtifactHoldingItsPathInABinaryFileIsNotStored() throws IOException {
        delegate.extra = artifact -> Files.write(artifact.resolve("addon.node"),
                ("\0ELF" + artifact + "\0").getBytes());
        build("d1", Optional.empty());
        build("d2", Optional.empty());

        assertThat(delegate.calls.get()).isEqualTo(2);
        assertThat(output).contains("not storing the build in the build cache: addon.node holds the build "
                + "directory's path in binary form, so a copy elsewhere would not run");
    }

    @Test
    void twoBuildersOfOneKeyAtOnceLeaveOneGoodEntry() throws Exception {
        CyclicBarrier bothBuilding = new CyclicBarrier(2);
        delegate.extra = artifact -> {
            try {
                bothBuilding.await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException(e);
            }
        };
        // two threads of their own: the common pool may have a single thread on a 2-core machine
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<BuildArtifact> one = CompletableFuture.supplyAsync(() -> build("d1", Optional.empty()),
                    threads);
            CompletableFuture<BuildArtifact> two = CompletableFuture.supplyAsync(() -> build("d2", Optional.empty()),
                    threads);

            assertThat(one.get(60, TimeUnit.SECONDS).checksum()).isEqualTo(two.get(60, TimeUnit.SECONDS).checksum());
        } finally {
            threads.shutdownNow();
        }
        delegate.extra = artifact -> { };
        BuildArtifact third = build("d3", Optional.empty());

        assertThat(delegate.calls.get()).isEqualTo(2);
        assertThat(third.buildCommand()).startsWith("cached: ");
        try (Stream<Path> entries = Files.list(cache.resolve("app-nodejs"))) {
            assertThat(entries.toList()).hasSize(1);
        }
        assertThat(output).contains("another build of key " + onlyEntry().getFileName().toString().substring(0, 12)
                + " was stored first; keeping it");
    }

    private BuildArtifact build(String deployment, Optional<String> revision) {
        return build(deployment, revision, STACK, false);
    }

    private BuildArtifact build(String deployment, Optional<String> revision, TechStack stack, boolean fresh) {
        return builder.build(request(deployment, revision, stack, fresh), output::add);
    }

    private BuildRequest request(String deployment, Optional<String> revision, TechStack stack, boolean fresh) {
        builds++;
        return new BuildRequest(app, stack, artifactOf(builds),
                Map.of("PATH", tools + ":" + System.getenv("PATH")),
                new Origin(Optional.of("app"), Optional.of(deployment), revision, fresh));
    }

    private Path artifactOf(int build) {
        return root.resolve("deployments/d" + build + "/artifacts/attempt-1");
    }

    private void tool(String name, String version) throws IOException {
        Path script = write(tools, name, "#!/bin/sh\necho " + version + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path onlyEntry() throws IOException {
        try (Stream<Path> entries = Files.list(cache.resolve("app-nodejs"))) {
            return entries.collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                    list -> {
                        assertThat(list).hasSize(1);
                        return list.getFirst();
                    }));
        }
    }

    private Path entryBuiltBy(String deployment) throws IOException {
        try (Stream<Path> entries = Files.list(cache.resolve("app-nodejs"))) {
            return entries.filter(entry -> deploymentOf(entry).equals(deployment)).findFirst().orElseThrow();
        }
    }

    private String deploymentOf(Path entry) {
        try {
            return BuildCacheEntry.read(entry).deploymentId();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Copies the app and runs {@code sh -c 'echo built > built.txt'} through BuildSteps, counting its builds. */
    private static final class CountingBuilder implements ArtifactBuilder {
        final AtomicInteger calls = new AtomicInteger();
        volatile ArtifactStep extra = artifact -> { };

        @Override
        public BuildArtifact build(BuildRequest request, Progress output) {
            calls.incrementAndGet();
            Path artifact = request.artifactDirectory();
            BuildStep step = new BuildStep(List.of("sh", "-c", "echo built > built.txt"), "building", "check it");
            return BuildSteps.produce(artifact, List.of(step), List.of(List.of("/bin/sh", "-c",
                    "echo built > built.txt")), Map.of(), Clock.systemUTC(), output, () -> {
                BuildSteps.copy(request.source(), artifact, java.util.Set.of("node_modules", ".git"), "test", output);
                try {
                    extra.run(artifact);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @FunctionalInterface
    private interface ArtifactStep {
        void run(Path artifact) throws IOException;
    }
}
