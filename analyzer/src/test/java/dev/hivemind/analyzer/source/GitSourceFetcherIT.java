package dev.hivemind.analyzer.source;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.testing.GitDaemon;
import dev.hivemind.analyzer.testing.ServedRepositories;
import dev.hivemind.api.GitReference;
import dev.hivemind.api.SourceFetcher.FetchedSource;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.error.RetryCategory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Clones over the network from a real git daemon. */
class GitSourceFetcherIT {
    @RegisterExtension
    static final ServedRepositories daemon = new ServedRepositories();
    @TempDir
    static Path sources;
    private static Path bare;

    private final GitSourceFetcher fetcher = new GitSourceFetcher(Clock.systemUTC(), Duration.ZERO,
            Duration.ofSeconds(20));
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @TempDir
    Path work;

    @BeforeAll
    static void serveARepository() throws IOException {
        Path app = sources.resolve("source");
        write(app, "package.json", "{\"name\": \"app\", \"scripts\": {\"start\": \"node server.js\"}}\n");
        write(app, "server.js", "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
        for (int i = 0; i < 50; i++) {
            write(app, "lib/module" + i + ".js", "module.exports = " + i + ";\n".repeat(i + 1));
        }
        bare = daemon.add(app, "app");
    }

    @Test
    void clonesTheRepositoryAtItsHeadCommit() throws IOException {
        Path checkout = work.resolve("checkout");

        FetchedSource fetched = fetcher.fetch(new SourceLocation.GitUrl(daemon.url("app")), checkout, progress::add);

        assertThat(fetched.directory()).isEqualTo(checkout);
        assertThat(checkout.resolve("package.json")).exists();
        assertThat(checkout.resolve("server.js")).exists();
        assertThat(checkout.resolve("lib/module49.js")).exists();
        assertThat(fetched.reference()).isEqualTo(new GitReference(daemon.url("app"), Optional.of("main"),
                Optional.of(GitDaemon.headCommit(bare))));
        assertThat(GitDaemon.git(checkout, "rev-parse", "HEAD")).isEqualTo(GitDaemon.headCommit(bare));
        assertThat(progress).anyMatch(line -> line.matches("Receiving objects: \\d{1,3}% \\(\\d+/\\d+\\)(, done\\.)?"));
        assertThat(progress).contains("Receiving objects: 100% (" + objectCount() + "/" + objectCount() + "), done.");
    }

    @Test
    void refusesARepositoryTheServerDoesNotHave() {
        Path checkout = work.resolve("checkout");
        String url = daemon.url("missing");

        assertThatThrownBy(() -> fetcher.fetch(new SourceLocation.GitUrl(url), checkout, progress::add))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                    assertThat(error.getMessage()).startsWith("there is no git repository at " + url);
                    assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
                });
        assertThat(checkout).doesNotExist();
    }

    @Test
    void reportsAPortNobodyListensOnAsARetryableNetworkError() throws IOException {
        Path checkout = work.resolve("checkout");
        String url = "git://127.0.0.1:" + GitDaemon.freePort() + "/app.git";

        assertThatThrownBy(() -> fetcher.fetch(new SourceLocation.GitUrl(url), checkout, progress::add))
                .isInstanceOfSatisfying(NetworkException.class, error -> {
                    assertThat(error.getMessage()).startsWith("cannot reach the git repository " + url)
                            .containsIgnoringCase("connection refused");
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NETWORK);
                    assertThat(error.context()).isEqualTo("Cloning " + url);
                    assertThat(error.remediation()).isNotBlank();
                });
        assertThat(checkout).doesNotExist();
    }

    @Test
    void succeedsOnANewAttemptAfterAFailedOne() throws IOException {
        Path checkout = work.resolve("checkout");
        write(checkout, ".git/objects/pack/tmp_pack_123", "partial");

        FetchedSource fetched = fetcher.fetch(new SourceLocation.GitUrl(daemon.url("app")), checkout, progress::add);

        assertThat(fetched.reference().commit()).contains(GitDaemon.headCommit(bare));
        assertThat(checkout.resolve(".git/objects/pack/tmp_pack_123")).doesNotExist();
    }

    private static String objectCount() throws IOException {
        return GitDaemon.git(bare, "--git-dir=" + bare, "rev-list", "--objects", "--all").lines().count() + "";
    }
}
