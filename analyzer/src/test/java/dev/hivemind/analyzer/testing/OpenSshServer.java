package dev.hivemind.analyzer.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd -D -e}) on a free port of 127.0.0.1, with a fresh Ed25519 host key,
 * public-key login only, and the keys of one authorized_keys file; git over ssh then runs the server's real
 * {@code git-upload-pack}. Everything it needs lives in one directory. Closing it stops the server.
 *
 * <pre>{@code
 * Path key = OpenSshServer.createKey(directory.resolve("id_ed25519"));
 * try (OpenSshServer server = OpenSshServer.start(directory.resolve("sshd"), key.resolveSibling("id_ed25519.pub"))) {
 *     fetcher.fetch(new SourceLocation.GitUrl(server.url(bare)), checkout, progress);
 * }
 * }</pre>
 */
public final class OpenSshServer implements AutoCloseable {
    /** Where Debian's openssh-server installs the daemon. */
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** The privilege separation directory sshd refuses to start without. */
    private static final Path PRIVSEP_DIRECTORY = Path.of("/run/sshd");
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path hostKey;
    private final Path log;

    private OpenSshServer(Process process, int port, Path hostKey, Path log) {
        this.process = process;
        this.port = port;
        this.hostKey = hostKey;
        this.log = log;
    }

    /** Why sshd cannot run on this machine, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (!Files.isExecutable(SSHD)) {
            return Optional.of(SSHD + " is not installed (Debian package openssh-server; scripts/test installs it)");
        }
        try {
            Files.createDirectories(PRIVSEP_DIRECTORY);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("sshd needs the directory " + PRIVSEP_DIRECTORY + ", which cannot be created here: "
                    + e);
        }
    }

    /** Starts sshd with a new host key under {@code directory}, letting in the keys of {@code authorizedKeys}. */
    public static OpenSshServer start(Path directory, Path authorizedKeys) throws IOException {
        Files.createDirectories(directory);
        Path hostKey = createKey(directory.resolve("ssh_host_ed25519_key"));
        Path log = directory.resolve("sshd.log");
        IOException last = new IOException("sshd did not start");
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = GitDaemon.freePort();
            Path config = writeConfig(directory, port, hostKey, authorizedKeys);
            Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitListening(process, port, log);
                return new OpenSshServer(process, port, hostKey, log);
            } catch (IOException notStarted) {
                // Another process may have taken the free port in between: try another one.
                stop(process);
                last = notStarted;
            }
        }
        throw last;
    }

    /** Makes an Ed25519 key pair without passphrase at {@code privateKey} and {@code privateKey.pub}. */
    public static Path createKey(Path privateKey) throws IOException {
        Files.createDirectories(privateKey.getParent());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hivemind-test", "-f", privateKey.toString());
        return privateKey;
    }

    /** {@code ssh://<user>@127.0.0.1:<port><absolute path of repository>} */
    public String url(String user, Path repository) {
        return "ssh://" + user + "@127.0.0.1:" + port + repository.toAbsolutePath();
    }

    public int port() {
        return port;
    }

    /** How known_hosts names this server: {@code [127.0.0.1]:<port>}. */
    public String knownHostsName() {
        return "[127.0.0.1]:" + port;
    }

    /** The host key as a known_hosts line: {@code [127.0.0.1]:<port> ssh-ed25519 AAAA...}. */
    public String knownHostsLine() throws IOException {
        return knownHostsName() + " " + publicKey(hostKey);
    }

    /** The host key's fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:...}. */
    public String hostKeyFingerprint() throws IOException {
        return run("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub").split(" ")[1];
    }

    /** What sshd has logged so far (refused keys, connections). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        stop(process);
    }

    /** The {@code type base64} part of the public key beside {@code privateKey}, without its comment. */
    public static String publicKey(Path privateKey) throws IOException {
        String[] fields = Files.readString(privateKey.resolveSibling(privateKey.getFileName() + ".pub")).split(" ");
        return fields[0] + " " + fields[1];
    }

    private static Path writeConfig(Path directory, int port, Path hostKey, Path authorizedKeys) throws IOException {
        List<String> lines = List.of(
                "ListenAddress 127.0.0.1:" + port,
                "HostKey " + hostKey,
                "AuthorizedKeysFile " + authorizedKeys.toAbsolutePath(),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PidFile " + directory.resolve("sshd.pid"),
                "Subsystem sftp internal-sftp",
                "LogLevel VERBOSE");
        return Files.write(directory.resolve("sshd_config"), lines);
    }

    private static void awaitListening(Process process, int port, Path log) throws IOException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited with code " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IOException("sshd did not listen on 127.0.0.1:" + port + " within " + STARTUP + ": "
                + Files.readString(log));
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for sshd", e);
        }
    }

    private static void stop(Process process) {
        // sshd serves each connection in a child process of its own.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
