package dev.hivemind.analyzer.source;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.analyzer.testing.GitDaemon;
import dev.hivemind.api.GitReference;
import dev.hivemind.api.SourceFetcher.FetchedSource;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clones over file:// and reads local directories: real git repositories, no network. */
class GitSourceFetcherTest {
    private final GitSourceFetcher fetcher = new GitSourceFetcher();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @TempDir
    Path root;

    @Test
    void readsAPlainDirectoryInPlaceWithoutBranchOrCommit() {
        Path app = root.resolve("app");
        write(app, "package.json", "{}");

        FetchedSource fetched = fetcher.fetch(new SourceLocation.LocalDirectory(app), root.resolve("unused"),
                progress::add);

        assertThat(fetched.directory()).isEqualTo(app);
        assertThat(fetched.reference()).isEqualTo(new GitReference(app.toString(), Optional.empty(), Optional.empty()));
        assertThat(root.resolve("unused")).doesNotExist();
    }

    @Test
    void readsTheBranchAndCommitOfALocalRepositoryWithoutChangingIt() throws IOException {
        Path app = root.resolve("app");
        write(app, "package.json", "{}");
        write(app, "src/index.js", "x");
        GitDaemon.git(root, "init", "--quiet", "--initial-branch=trunk", app.toString());
        GitDaemon.commitAll(app, app.resolve(".git"), "first");
        String head = GitDaemon.headCommit(app.resolve(".git"));
        ArtifactChecksum before = ArtifactChecksum.of(app);

        FetchedSource atRoot = fetcher.fetch(new SourceLocation.LocalDirectory(app), root.resolve("x"), progress::add);
        FetchedSource inside = fetcher.fetch(new SourceLocation.LocalDirectory(app.resolve("src")), root.resolve("x"),
                progress::add);

        assertThat(atRoot.reference()).isEqualTo(new GitReference(app.toString(), Optional.of("trunk"),
                Optional.of(head)));
        assertThat(inside.directory()).isEqualTo(app.resolve("src"));
        assertThat(inside.reference().commit()).contains(head);
        assertThat(ArtifactChecksum.of(app)).isEqualTo(before);
    }

    @Test
    void givesNoCommitForALocalRepositoryWithoutOne() throws IOException {
        Path app = root.resolve("app");
        GitDaemon.git(root, "init", "--quiet", "--initial-branch=main", app.toString());

        FetchedSource fetched = fetcher.fetch(new SourceLocation.LocalDirectory(app), root.resolve("x"), progress::add);

        assertThat(fetched.reference().branch()).contains("main");
        assertThat(fetched.reference().commit()).isEmpty();
    }

    @Test
    void refusesALocalDirectoryThatIsGone() {
        assertThatThrownBy(() -> fetcher.fetch(new SourceLocation.LocalDirectory(root.resolve("gone")),
                root.resolve("x"), progress::add)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void clonesAFileUrlWithItsDefaultBranchAndCommit() throws IOException {
        Path bare = bareRepository("app");
        String url = "file://" + bare;
        Path checkout = root.resolve("cache/clones/app");

        FetchedSource fetched = fetcher.fetch(new SourceLocation.GitUrl(url), checkout, progress::add);

        assertThat(fetched.directory()).isEqualTo(checkout);
        assertThat(checkout.resolve("package.json")).hasContent("{\"name\": \"app\"}");
        assertThat(checkout.resolve("src/index.js")).exists();
        assertThat(fetched.reference()).isEqualTo(new GitReference(url, Optional.of(GitDaemon.BRANCH),
                Optional.of(GitDaemon.headCommit(bare))));
        assertThat(progress.getFirst()).isEqualTo("Cloning " + url + " (branch " + GitDaemon.BRANCH
                + " only, its latest commit)");
        assertThat(progress).noneMatch(line -> line.contains(checkout.toString()));
        assertThat(progress.getLast()).startsWith("Cloned " + url + " at " + GitDaemon.headCommit(bare));
    }

    @Test
    void clonesOnlyTheDefaultBranchAtItsLatestCommit() throws IOException {
        Path bare = bareRepository("app");
        Path source = root.resolve("source-app");
        GitDaemon.git(root, "--git-dir=" + bare, "branch", "feature");
        write(source, "second.txt", "a second commit on the default branch");
        GitDaemon.commitAll(source, bare, "second");
        Path checkout = root.resolve("checkout");

        FetchedSource fetched = fetcher.fetch(new SourceLocation.GitUrl("file://" + bare), checkout, progress::add);

        assertThat(fetched.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(checkout.resolve("second.txt")).exists();
        assertThat(GitDaemon.git(checkout, "branch", "--all", "--format=%(refname)")).contains("refs/heads/"
                + GitDaemon.BRANCH).doesNotContain("feature");
        assertThat(GitDaemon.git(checkout, "rev-list", "--count", "HEAD").strip()).as("commits cloned")
                .isEqualTo("1");
    }

    @Test
    void wipesWhatAnEarlierAttemptLeftInTheCheckout() throws IOException {
        Path bare = bareRepository("app");
        Path checkout = root.resolve("checkout");
        write(checkout, "half-written.pack", "junk");
        write(checkout, ".git/config", "[broken");

        fetcher.fetch(new SourceLocation.GitUrl("file://" + bare), checkout, progress::add);

        assertThat(checkout.resolve("half-written.pack")).doesNotExist();
        assertThat(checkout.resolve("package.json")).exists();
    }

    @Test
    void refusesAMissingRepositoryAndLeavesNoCheckout() {
        Path checkout = root.resolve("checkout");
        String url = "file://" + root.resolve("nowhere.git");

        assertThatThrownBy(() -> fetcher.fetch(new SourceLocation.GitUrl(url), checkout, progress::add))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("there is no git repository at " + url);
        assertThat(checkout).doesNotExist();
    }

    @Test
    void refusesADirectoryThatIsNotAGitRepository() {
        Path plain = root.resolve("plain");
        write(plain, "README", "not git");

        assertThatThrownBy(() -> fetcher.fetch(new SourceLocation.GitUrl("file://" + plain), root.resolve("c"),
                progress::add)).isInstanceOf(InvalidInputException.class);
    }

    // Repeated: JGit's background auto-gc takes a lock file in the new clone while it is being wiped.
    @RepeatedTest(10)
    void refusesAnEmptyRepository() throws IOException {
        Path bare = root.resolve("empty.git");
        GitDaemon.git(root, "init", "--quiet", "--bare", bare.toString());
        Path checkout = root.resolve("checkout");

        assertThatThrownBy(() -> fetcher.fetch(new SourceLocation.GitUrl("file://" + bare), checkout, progress::add))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the repository is empty (it has no commit)");
        assertThat(checkout).doesNotExist();
    }

    private Path bareRepository(String name) throws IOException {
        Path app = root.resolve("source-" + name);
        write(app, "package.json", "{\"name\": \"" + name + "\"}");
        write(app, "src/index.js", "console.log('hi');\n");
        Path bare = GitDaemon.createBareRepository(app, root.resolve("repos"), name);
        assertThat(Files.isDirectory(bare)).isTrue();
        return bare;
    }
}
