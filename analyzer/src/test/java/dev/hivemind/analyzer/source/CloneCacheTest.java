package dev.hivemind.analyzer.source;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.build.cache.CacheLock;
import dev.hivemind.analyzer.testing.GitDaemon;
import dev.hivemind.api.Progress;
import dev.hivemind.api.SourceFetcher.FetchedSource;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clone cache with real repositories over file:// URLs: reuse, repair, fresh start and the entry lock. */
class CloneCacheTest {
    @TempDir
    Path root;

    private final List<String> progress = new CopyOnWriteArrayList<>();
    /**
     * Threads of their own for the fetches run at once, not the common pool: JGit measures a file system's timestamp
     * resolution on the common pool while a local (file://) transport's serving thread waits for it, so fetches that
     * occupy the common pool's only worker (on 2 cores) would wait for themselves.
     */
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Path repos;
    private GitSourceFetcher fetcher;
    private Path work;
    private Path bare;
    private String url;

    @BeforeEach
    void repository() throws IOException {
        repos = root.resolve("home/cache/repos");
        fetcher = new GitSourceFetcher(Clock.systemUTC(), Duration.ZERO, Duration.ofSeconds(20))
                .withCache(repos, Duration.ofSeconds(30));
        work = root.resolve("work");
        write(work, "package.json", "{\"name\": \"app\"}");
        write(work, "server.js", "v1");
        bare = GitDaemon.createBareRepository(work, root.resolve("served"), "app");
        url = "file://" + bare;
    }

    @Test
    void clonesIntoTheCacheFirstThenFetchesNewCommitsIntoIt() throws IOException {
        FetchedSource first = fetch("d1");
        write(work, "server.js", "v2");
        GitDaemon.commitAll(work, bare, "second");

        FetchedSource second = fetch("d2");

        assertThat(first.reference().commit()).isNotEqualTo(second.reference().commit());
        assertThat(second.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(second.reference().branch()).contains(GitDaemon.BRANCH);
        assertThat(root.resolve("d1/server.js")).hasContent("v1");
        assertThat(root.resolve("d2/server.js")).hasContent("v2");
        assertThat(progress).contains("Cloning " + url + " into the clone cache " + entry())
                .contains("fetching (cached clone) " + url + " into " + entry());
        assertThat(entries()).containsExactly(entry());
        assertThat(entry().getFileName().toString()).matches("[a-z0-9._-]+-[0-9a-f]{16}")
                .contains("served-app.git");
        assertThat(PrivateFiles.mode(repos)).isEqualTo("rwx------");
        assertThat(GitDaemon.git(root.resolve("d2"), "config", "remote.origin.url")).isEqualTo(url);
    }

    @Test
    void theCheckoutDoesNotDependOnTheCache() throws IOException {
        fetch("d1");

        PrivateFiles.deleteTree(repos);

        assertThat(GitDaemon.git(root.resolve("d1"), "fsck", "--full")).doesNotContain("missing");
        assertThat(GitDaemon.git(root.resolve("d1"), "log", "--format=%s")).isEqualTo("Initial commit");
        assertThat(root.resolve("d1/.git/objects/info/alternates")).doesNotExist();
    }

    @Test
    void discardsAnEntryWhoseFetchWasInterruptedAndClonesAgain() throws IOException {
        fetch("d1");
        write(entry(), CloneCache.FETCHING, "");
        write(entry(), "objects/pack/tmp_pack_half", "junk");

        FetchedSource again = fetch("d2");

        assertThat(again.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(progress).contains("the cached clone " + entry() + " of " + url
                + " is broken (a fetch into it was interrupted); discarding it and cloning again");
        assertThat(entry().resolve("objects/pack/tmp_pack_half")).doesNotExist();
        assertThat(entry().resolve(CloneCache.FETCHING)).doesNotExist();
    }

    @Test
    void discardsAnEntryThatIsNoLongerARepository() throws IOException {
        fetch("d1");
        Files.writeString(entry().resolve("HEAD"), "garbage\n");
        PrivateFiles.deleteTree(entry().resolve("refs"));

        FetchedSource again = fetch("d2");

        assertThat(again.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(progress).anyMatch(line -> line.startsWith("the cached clone " + entry() + " of " + url
                + " is broken ("));
        assertThat(root.resolve("d2/server.js")).hasContent("v1");
    }

    @Test
    void discardsAnEntryWhoseFetchFailsAndClonesAgain() throws IOException {
        fetch("d1");
        Files.createDirectories(entry().resolve("shallow.lock"));
        write(work, "server.js", "v2");
        GitDaemon.commitAll(work, bare, "second");

        FetchedSource again = fetch("d2");

        assertThat(again.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(root.resolve("d2/server.js")).hasContent("v2");
        assertThat(progress).anyMatch(line -> line.startsWith("the cached clone " + entry() + " is broken ("));
    }

    @Test
    void removesAStrayRefFromTheEntryInsteadOfFailingOnIt() throws IOException {
        fetch("d1");
        write(entry(), "refs/tags/dangling", "0123456789abcdef0123456789abcdef01234567\n");
        write(work, "server.js", "v2");
        GitDaemon.commitAll(work, bare, "second");

        FetchedSource again = fetch("d2");

        assertThat(again.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(root.resolve("d2/server.js")).hasContent("v2");
        assertThat(progress).contains("fetching (cached clone) " + url + " into " + entry())
                .noneMatch(line -> line.contains("is broken"));
        assertThat(entry().resolve("refs/tags/dangling")).doesNotExist();
    }

    @Test
    void aFreshStartDoesNotReadTheEntryButRefreshesIt() throws IOException {
        fetch("d1");
        write(entry(), "left-by-an-earlier-clone", "x");

        FetchedSource fresh = fetcher.fetch(new SourceLocation.GitUrl(url), root.resolve("d2"), progress::add, true);

        assertThat(fresh.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(progress).contains("fresh start: cloning " + url + " again, into the clone cache " + entry());
        assertThat(entry().resolve("left-by-an-earlier-clone")).doesNotExist();
        assertThat(entry().resolve("HEAD")).exists();
    }

    @Test
    void aRepositoryThatBecameEmptyLeavesNoEntry() throws IOException {
        Path empty = root.resolve("served/empty.git");
        GitDaemon.git(root, "init", "--quiet", "--bare", empty.toString());

        assertThatThrownBy(() -> fetcher.fetch(new SourceLocation.GitUrl("file://" + empty), root.resolve("d1"),
                progress::add)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the repository is empty (it has no commit)");
        assertThat(root.resolve("d1")).doesNotExist();
        assertThat(entries()).isEmpty();
    }

    @Test
    void aFetchWaitsWhileAnotherHoldsTheEntrysLock() throws Exception {
        fetch("d1");
        write(work, "server.js", "v2");
        GitDaemon.commitAll(work, bare, "second");
        Path lockFile = repos.resolve(entry().getFileName() + ".lock");
        CompletableFuture<FetchedSource> waiting;
        try (CacheLock held = CacheLock.acquire(lockFile, "the test's hold", Duration.ofSeconds(5), Progress.none())) {
            waiting = CompletableFuture.supplyAsync(() -> fetch("d2"), threads);
            Thread.sleep(700);

            assertThat(waiting).isNotDone();
            assertThat(progress).contains("waiting for another deployment using the cached clone of " + url);
            assertThat(root.resolve("d2")).doesNotExist();
        }
        assertThat(waiting.get(30, TimeUnit.SECONDS).reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(root.resolve("d2/server.js")).hasContent("v2");
    }

    @Test
    void concurrentFetchesOfOneUrlAllSucceedAndLeaveOneEntry() throws Exception {
        List<CompletableFuture<FetchedSource>> fetches = Stream.of("a", "b", "c", "d")
                .map(name -> CompletableFuture.supplyAsync(() -> fetch(name), threads)).toList();

        for (CompletableFuture<FetchedSource> each : fetches) {
            assertThat(each.get(60, TimeUnit.SECONDS).reference().commit()).contains(GitDaemon.headCommit(bare));
        }
        assertThat(entries()).containsExactly(entry());
        assertThat(Stream.of("a", "b", "c", "d").map(name -> root.resolve(name).resolve("server.js")))
                .allSatisfy(file -> assertThat(file).hasContent("v1"));
        assertThat(GitDaemon.git(entry(), "--git-dir=" + entry(), "fsck")).doesNotContain("error");
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private FetchedSource fetch(String deployment) {
        return fetcher.fetch(new SourceLocation.GitUrl(url), root.resolve(deployment), progress::add);
    }

    private Path entry() {
        return repos.resolve(GitUrls.cacheName(url));
    }

    private List<Path> entries() throws IOException {
        if (!Files.isDirectory(repos)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(repos)) {
            return list.filter(Files::isDirectory).toList();
        }
    }
}
