package dev.hivemind.analyzer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code git daemon} serving the bare repositories under a base path on 127.0.0.1, and the real {@code git}
 * commands that make those repositories, for tests that clone over the network. Closing it kills the daemon.
 *
 * <pre>{@code
 * Path bare = GitDaemon.createBareRepository(appDirectory, basePath, "app");
 * try (GitDaemon daemon = GitDaemon.serve(basePath)) {
 *     fetcher.fetch(new SourceLocation.GitUrl(daemon.url("app")), checkout, progress);
 * }
 * }</pre>
 * A test class that clones from one daemon in all its tests registers {@link ServedRepositories} instead.
 */
public final class GitDaemon implements AutoCloseable {
    /** The author and committer of every commit made here, so commits are reproducible. */
    public static final String AUTHOR_NAME = "HiveMind Tests";
    public static final String AUTHOR_EMAIL = "tests@hivemind.invalid";
    public static final String COMMIT_DATE = "2024-01-01T00:00:00Z";
    /** The branch new repositories start on. */
    public static final String BRANCH = "main";
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;

    private GitDaemon(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code git daemon --export-all --base-path=BASE --port=<free> --reuseaddr --listen=127.0.0.1} and waits
     * until it accepts connections.
     */
    public static GitDaemon serve(Path basePath) throws IOException {
        Path base = basePath.toAbsolutePath().normalize();
        Path log = Files.createTempFile("git-daemon-", ".log");
        IOException last = new IOException("git daemon did not start");
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            Process process = new ProcessBuilder("git", "daemon", "--export-all", "--base-path=" + base,
                    "--port=" + port, "--reuseaddr", "--listen=127.0.0.1").redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                awaitListening(process, port, log);
                return new GitDaemon(process, port, log);
            } catch (IOException notStarted) {
                // Another process may have taken the free port in between: try another one.
                kill(process);
                last = notStarted;
            }
        }
        throw last;
    }

    /** {@code git://127.0.0.1:<port>/<name>.git} */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name + ".git";
    }

    public int port() {
        return port;
    }

    /** What the daemon has printed so far (it logs refused requests). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        kill(process);
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes {@code basePath/<name>.git}, a bare repository on {@link #BRANCH} whose one commit holds every file of
     * {@code source} (which is only read).
     *
     * @return the bare repository
     */
    public static Path createBareRepository(Path source, Path basePath, String name) throws IOException {
        Path bare = basePath.toAbsolutePath().normalize().resolve(name + ".git");
        Files.createDirectories(bare.getParent());
        git(basePath, "init", "--quiet", "--bare", "--initial-branch=" + BRANCH, bare.toString());
        commitAll(source, bare, "Initial commit");
        return bare;
    }

    /** Commits every file of {@code source} to the repository whose git directory is {@code gitDirectory}. */
    public static void commitAll(Path source, Path gitDirectory, String message) throws IOException {
        String gitDir = "--git-dir=" + gitDirectory.toAbsolutePath();
        String workTree = "--work-tree=" + source.toAbsolutePath();
        git(source, gitDir, workTree, "add", "--all", ".");
        git(source, gitDir, workTree, "commit", "--quiet", "--allow-empty", "--message=" + message);
    }

    /** Runs {@code git} with the fixed author, no user or system configuration, and returns its trimmed output. */
    public static String git(Path directory, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null",
                "GIT_AUTHOR_NAME", AUTHOR_NAME, "GIT_AUTHOR_EMAIL", AUTHOR_EMAIL, "GIT_AUTHOR_DATE", COMMIT_DATE,
                "GIT_COMMITTER_NAME", AUTHOR_NAME, "GIT_COMMITTER_EMAIL", AUTHOR_EMAIL,
                "GIT_COMMITTER_DATE", COMMIT_DATE));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + exit + ": " + output);
            }
            return output;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** {@code git rev-parse HEAD} in the repository {@code gitDirectory}. */
    public static String headCommit(Path gitDirectory) throws IOException {
        return git(gitDirectory, "--git-dir=" + gitDirectory.toAbsolutePath(), "rev-parse", "HEAD");
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(Process process, int port, Path log) throws IOException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("git daemon exited with code " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IOException("git daemon did not listen on 127.0.0.1:" + port + " within " + STARTUP + ": "
                + Files.readString(log));
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for git daemon", e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
