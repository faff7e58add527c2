package dev.hivemind.analyzer.testing;

import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle shared by the tests that clone over the network: a real {@link GitDaemon} serving the bare
 * repositories of a temporary directory, for one test class. Started when first asked (so it works for either test
 * instance lifecycle); after the class the daemon is killed and the directory removed. Register it in a static field
 * and add the repositories the tests clone:
 * <pre>
 * &#64;RegisterExtension
 * static final ServedRepositories daemon = new ServedRepositories();
 *
 * &#64;BeforeAll
 * static void serve() throws IOException {
 *     daemon.add(appDirectory, "app");
 * }
 * ... fetcher.fetch(new SourceLocation.GitUrl(daemon.url("app")), checkout, progress);
 * </pre>
 */
public final class ServedRepositories implements AfterAllCallback {
    private Optional<Served> served = Optional.empty();

    private record Served(Path basePath, GitDaemon daemon) {
    }

    /**
     * Makes {@code <name>.git}, a bare repository whose one commit holds every file of {@code source} (which is only
     * read), and serves it.
     *
     * @return the bare repository
     */
    public Path add(Path source, String name) throws IOException {
        return GitDaemon.createBareRepository(source, served().basePath(), name);
    }

    /** {@code git://127.0.0.1:<port>/<name>.git} */
    public String url(String name) {
        return served().daemon().url(name);
    }

    private synchronized Served served() {
        if (served.isEmpty()) {
            try {
                Path basePath = Files.createTempDirectory("hivemind-git-daemon-");
                served = Optional.of(new Served(basePath, serve(basePath)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a git daemon: " + e.getMessage(), e);
            }
        }
        return served.get();
    }

    private static GitDaemon serve(Path basePath) throws IOException {
        try {
            return GitDaemon.serve(basePath);
        } catch (IOException e) {
            PrivateFiles.deleteTree(basePath);
            throw e;
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        if (served.isPresent()) {
            try {
                served.get().daemon().close();
            } finally {
                PrivateFiles.deleteTree(served.get().basePath());
                served = Optional.empty();
            }
        }
    }
}
