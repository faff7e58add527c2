package dev.hivemind.testing.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One test host: a Debian 12 server with its own root filesystem, network namespace and address, running OpenSSH on
 * port 22 (see {@link TestHosts}). Users: {@code root} and {@code deploy} (passwordless sudo) accept the run's
 * {@link #clientKey()}; {@code alice} logs in with {@link #ALICE_PASSWORD} as long as sshd allows passwords.
 */
public final class TestHost {
    public static final int SSH_PORT = 22;
    /** A user with passwordless sudo whose authorized_keys holds the run's client key. */
    public static final String DEPLOY = "deploy";
    /** A user with a password and no key, for tests that password logins stop working. */
    public static final String ALICE = "alice";
    /** {@link #ALICE}'s password (set by {@code scripts/test-hosts-image}). */
    public static final String ALICE_PASSWORD = "alice-test-password";
    static final Duration BOOT = Duration.ofMinutes(2);
    static final Duration EXEC = Duration.ofMinutes(5);
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Path HOST_KEY = Path.of("etc/ssh/ssh_host_ed25519_key.pub");

    private final HostSpec spec;
    private final HostProcess process;

    TestHost(HostSpec spec) {
        this.spec = spec;
        this.process = new HostProcess(spec);
    }

    /** {@code host0}, {@code host1}, ...: the host's hostname. */
    public String name() {
        return spec.name();
    }

    /** The host's IPv4 address, which this machine reaches. */
    public String address() {
        return spec.address();
    }

    public int sshPort() {
        return SSH_PORT;
    }

    /** The run's private key (Ed25519, OpenSSH format, no passphrase), authorized for root and {@link #DEPLOY}. */
    public Path clientKey() {
        return spec.clientKey();
    }

    /** The host's root filesystem, as this machine sees it (writable; the host sees changes at once). */
    public Path root() {
        return spec.root().path();
    }

    /** The host's SSH host key as {@code ssh-ed25519 AAAA...}, its only one. */
    public String hostKey() {
        try {
            String[] fields = Files.readString(root().resolve(HOST_KEY)).strip().split(" ");
            return fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new TestHostException(name() + " has no host key yet (" + HOST_KEY + "): it makes one when it"
                    + " boots", e);
        }
    }

    /** The host key's fingerprint as {@code ssh-keygen -lf} shows it: {@code SHA256:...}. */
    public String hostKeyFingerprint() {
        return HostKeys.fingerprint(hostKey());
    }

    /** The host key as a known_hosts line: {@code <address> ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        return address() + " " + hostKey();
    }

    /** The host's /etc/machine-id, fixed for its life (restarts included), different on every host. */
    public String machineId() {
        try {
            return Files.readString(root().resolve("etc/machine-id")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the machine-id of " + name(), e);
        }
    }

    /** Runs {@code command} with {@code /bin/sh} inside the host, as its root, and waits up to 5 minutes. */
    public ExecResult exec(String command) {
        return exec(command, EXEC);
    }

    /**
     * Runs {@code command} with {@code /bin/sh} inside the host, as its root, in every namespace of its PID 1, with a
     * clean environment ({@code PATH}, {@code HOME=/root}, {@code LANG=C.UTF-8}).
     */
    public ExecResult exec(String command, Duration timeout) {
        long init = process.init().orElseThrow(() -> new TestHostException(name() + " is stopped; start() it"
                + " before running '" + command + "' in it"));
        ExecResult result = Commands.run(List.of("nsenter", "--target", String.valueOf(init), "--all", "--root",
                "--wd", "--", "/usr/bin/env", "-i", "PATH=" + PATH, "HOME=/root", "LANG=C.UTF-8", "/bin/sh", "-c",
                command), timeout);
        return new ExecResult(command, result.exitCode(), result.output(), result.errors());
    }

    /**
     * Logs in over SSH from this machine as {@code user} with the client key and runs {@code command}, with the system
     * {@code ssh} client checking the host's current key strictly.
     */
    public ExecResult ssh(String user, String command) {
        ExecResult result = Commands.run(SshCommand.withKey(clientKey(), knownHostsFile(), user, address(), command),
                EXEC);
        return new ExecResult(command, result.exitCode(), result.output(), result.errors());
    }

    /** Whether the host runs (it may still be booting). */
    public boolean running() {
        return process.running();
    }

    /** Shuts the host down (SIGTERM, then SIGKILL after a grace): its address stops answering. Idempotent. */
    public void stop() {
        process.stop();
    }

    /** Boots a stopped host again with the same root filesystem (and host key); returns once sshd answers. */
    public void start() {
        launch();
        awaitSsh();
    }

    /** Gives the host a new SSH host key and returns once sshd presents it, as when a server is reinstalled. */
    public void regenerateHostKey() {
        String before = hostKey();
        exec("rm -f /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub"
                + " && ssh-keygen -q -t ed25519 -N '' -C '' -f /etc/ssh/ssh_host_ed25519_key").orThrow();
        exec(spec.init().restartSsh()).orThrow();
        HostKeys.awaitServed(this, before);
    }

    @Override
    public String toString() {
        return name() + " (" + address() + ")";
    }

    /** Starts the host without waiting for it. */
    void launch() {
        process.launch();
    }

    /** Waits until sshd answers on port 22 with an SSH banner. */
    void awaitSsh() {
        process.awaitSsh(BOOT);
    }

    /** Stops the host and removes its processes' cgroup and its root's mount; what it wrote stays on disk. */
    void close() {
        try {
            process.close();
        } finally {
            spec.root().unmount();
        }
    }

    /**
     * A known_hosts file holding the host's current key, for the system ssh client; replaced atomically when the key
     * changed, so that clients running at the same time always read a whole file.
     */
    synchronized Path knownHostsFile() {
        Path file = spec.directory().resolve("known_hosts");
        String content = knownHostsLine() + "\n";
        try {
            if (!Files.exists(file) || !Files.readString(file).equals(content)) {
                Path next = Files.writeString(spec.directory().resolve("known_hosts.next"), content);
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** What the host's console (or sshd, on a host without systemd) printed last. */
    String consoleTail() {
        return process.consoleTail();
    }

    Optional<Long> initPid() {
        return process.init();
    }

    /** The pid of {@code systemd-nspawn} (or {@code unshare}) while the host runs. */
    Optional<Long> launcherPid() {
        return process.launcher();
    }
}
