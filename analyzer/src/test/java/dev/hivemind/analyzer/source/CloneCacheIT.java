package dev.hivemind.analyzer.source;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.testing.GitDaemon;
import dev.hivemind.analyzer.testing.ServedRepositories;
import dev.hivemind.api.SourceFetcher.FetchedSource;
import dev.hivemind.api.SourceLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clone cache against a real git daemon serving a repository with several branches and tags: the cached clone
 * holds only the branch that is deployed, at its latest commit, and a redeployment receives only what is new.
 */
class CloneCacheIT {
    @RegisterExtension
    static final ServedRepositories daemon = new ServedRepositories();
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @TempDir
    Path root;

    private final List<String> progress = new CopyOnWriteArrayList<>();
    private GitSourceFetcher fetcher;
    private Path work;
    private Path bare;
    private String url;
    private String mainCommit;

    /** main (two commits), feature and old branches, an annotated tag v1 on main's first commit and v2 on feature. */
    @BeforeEach
    void serveARepositoryWithBranchesAndTags() throws IOException {
        fetcher = new GitSourceFetcher(Clock.systemUTC(), Duration.ZERO, Duration.ofSeconds(20))
                .withCache(root.resolve("cache/repos"), Duration.ofSeconds(30));
        work = root.resolve("work");
        write(work, "package.json", "{\"name\": \"app\"}");
        write(work, "server.js", "main v1");
        String name = "app" + REPOSITORIES.incrementAndGet();
        bare = daemon.add(work, name);
        url = daemon.url(name);
        git("tag", "--annotate", "--message=first", "v1");
        git("branch", "old");
        write(work, "server.js", "main v2");
        GitDaemon.commitAll(work, bare, "second");
        mainCommit = GitDaemon.headCommit(bare);
        git("branch", "feature");
        git("symbolic-ref", "HEAD", "refs/heads/feature");
        write(work, "server.js", "feature");
        GitDaemon.commitAll(work, bare, "on feature");
        git("tag", "v2");
        git("symbolic-ref", "HEAD", "refs/heads/main");
        write(work, "server.js", "main v2");
    }

    @Test
    void theCachedCloneHoldsOnlyTheDefaultBranchAtItsLatestCommit() throws IOException {
        FetchedSource fetched = fetch("d1");

        assertThat(fetched.reference().branch()).contains("main");
        assertThat(fetched.reference().commit()).contains(mainCommit);
        assertThat(root.resolve("d1/server.js")).hasContent("main v2");
        assertThat(entryGit("for-each-ref", "--format=%(refname)")).isEqualTo("refs/heads/main");
        assertThat(entryGit("symbolic-ref", "HEAD")).isEqualTo("refs/heads/main");
        assertThat(entryGit("rev-list", "--all")).isEqualTo(mainCommit);
        assertThat(entryGit("rev-parse", "--is-shallow-repository")).isEqualTo("true");
        assertThat(GitDaemon.git(root.resolve("d1"), "for-each-ref", "--format=%(refname)").lines())
                .containsExactlyInAnyOrder("refs/heads/main", "refs/remotes/origin/main");
        assertThat(GitDaemon.git(root.resolve("d1"), "rev-list", "--all")).isEqualTo(mainCommit);
        assertThat(progress).contains("fetching branch main of " + url + " only, its latest commit");
    }

    @Test
    void aRedeploymentReceivesOnlyTheNewCommitsObjects() throws IOException {
        fetch("d1");
        write(work, "server.js", "main v3");
        GitDaemon.commitAll(work, bare, "third");
        progress.clear();

        FetchedSource again = fetch("d2");

        assertThat(again.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(root.resolve("d2/server.js")).hasContent("main v3");
        List<String> intoTheCache = progress.subList(progress.indexOf("fetching (cached clone) " + url + " into "
                + entry()), progress.indexOf("Checking out " + url + " from its cached clone " + entry()));
        assertThat(intoTheCache).as("the new commit, its root tree and the changed file")
                .contains("Receiving objects: 100% (3/3), done.");
        assertThat(entryGit("for-each-ref", "--format=%(refname)")).isEqualTo("refs/heads/main");
    }

    @Test
    void followsTheRemoteToAnotherBranchAndDropsTheOldOne() throws IOException {
        fetch("d1");
        git("symbolic-ref", "HEAD", "refs/heads/feature");

        FetchedSource other = fetch("d2");

        assertThat(other.reference().branch()).contains("feature");
        assertThat(other.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(root.resolve("d2/server.js")).hasContent("feature");
        assertThat(entryGit("for-each-ref", "--format=%(refname)")).isEqualTo("refs/heads/feature");
        assertThat(entryGit("symbolic-ref", "HEAD")).isEqualTo("refs/heads/feature");
        assertThat(root.resolve("d1/server.js")).hasContent("main v2");
    }

    @Test
    void anEntryAnOlderHiveMindFilledWithEveryBranchAndTagIsNarrowedToTheDeployedBranch() throws IOException {
        GitDaemon.git(root, "clone", "--quiet", "--mirror", url, entry().toString());

        FetchedSource fetched = fetch("d1");

        assertThat(fetched.reference().commit()).contains(mainCommit);
        assertThat(progress).contains("fetching (cached clone) " + url + " into " + entry());
        assertThat(entryGit("for-each-ref", "--format=%(refname)")).isEqualTo("refs/heads/main");
        assertThat(GitDaemon.git(root.resolve("d1"), "rev-list", "--all")).isEqualTo(mainCommit);
    }

    private FetchedSource fetch(String deployment) {
        return fetcher.fetch(new SourceLocation.GitUrl(url), root.resolve(deployment), progress::add);
    }

    private Path entry() {
        return root.resolve("cache/repos").resolve(GitUrls.cacheName(url));
    }

    private String entryGit(String... arguments) throws IOException {
        String[] all = new String[arguments.length + 1];
        all[0] = "--git-dir=" + entry();
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return GitDaemon.git(root, all);
    }

    private void git(String... arguments) throws IOException {
        String[] all = new String[arguments.length + 1];
        all[0] = "--git-dir=" + bare;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        GitDaemon.git(root, all);
    }
}
