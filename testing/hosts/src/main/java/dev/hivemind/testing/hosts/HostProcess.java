package dev.hivemind.testing.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A test host's running processes: the launcher ({@code systemd-nspawn}, or {@code unshare} for a host without
 * systemd) started in the host's own cgroup, and the host's PID 1 under it, into whose namespaces commands enter.
 */
final class HostProcess {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int CONNECT_MILLIS = 1000;
    private static final int CONSOLE_LINES = 40;
    private static final Map<String, String> ENVIRONMENT = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG", "C.UTF-8", "SYSTEMD_NSPAWN_UNIFIED_HIERARCHY", "1");

    private final HostSpec spec;
    private Optional<Process> launcher = Optional.empty();
    private Optional<Long> init = Optional.empty();

    HostProcess(HostSpec spec) {
        this.spec = spec;
    }

    synchronized void launch() {
        if (running()) {
            throw new TestHostException(spec.name() + " is already running");
        }
        List<String> command = spec.cgroup().wrap(spec.init().command(spec.root().path(), spec.namespace(),
                spec.machine(), spec.name()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()));
        builder.environment().clear();
        builder.environment().putAll(ENVIRONMENT);
        try {
            launcher = Optional.of(builder.start());
            init = Optional.empty();
        } catch (IOException e) {
            throw new TestHostException("cannot start " + command.get(4) + " for " + spec.name() + ": " + e.getMessage()
                    + " (systemd-nspawn is in Debian's systemd-container; " + HostImage.SCRIPT + " installs it)", e);
        }
    }

    synchronized boolean running() {
        return launcher.filter(Process::isAlive).isPresent();
    }

    /** The host's PID 1 as this machine numbers it, once the launcher has started it. */
    synchronized Optional<Long> init() {
        if (init.isEmpty() && running()) {
            init = launcher.get().descendants().map(ProcessHandle::pid).filter(HostProcess::leadsPidNamespace)
                    .findFirst();
        }
        return running() ? init : Optional.empty();
    }

    /** The launcher's pid while it runs. */
    synchronized Optional<Long> launcher() {
        return launcher.filter(Process::isAlive).map(Process::pid);
    }

    /** Waits until the host's sshd sends its banner on port 22 and its PID 1 is known. */
    void awaitSsh(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!(answersSsh() && init().isPresent())) {
            if (!running()) {
                throw new TestHostException(spec.name() + " stopped while booting; its console:\n" + consoleTail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TestHostException(spec.name() + "'s sshd did not answer on " + spec.address() + ":"
                        + TestHost.SSH_PORT + " within " + timeout + "; its console:\n" + consoleTail());
            }
            Pause.briefly();
        }
    }

    /**
     * SIGTERM (systemd-nspawn then shuts the container's systemd down; sshd alone exits), then SIGKILL to everything
     * in the host's cgroup after a grace.
     */
    synchronized void stop() {
        if (launcher.isEmpty()) {
            return;
        }
        Process process = launcher.get();
        switch (spec.init()) {
            case HostInit.Systemd systemd -> process.destroy();
            case HostInit.SshdOnly sshd -> init().flatMap(ProcessHandle::of).ifPresentOrElse(ProcessHandle::destroy,
                    process::destroy);
        }
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                spec.cgroup().killAll();
                Commands.kill(process.toHandle());
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            launcher = Optional.empty();
            init = Optional.empty();
        }
        // A container whose systemd-nspawn was killed outlives it; nothing of a stopped host may keep running.
        spec.cgroup().killAll();
        NspawnState.removeLeftovers(spec.machine(), spec.root().path());
    }

    /** Stops the host and removes its cgroup. */
    void close() {
        try {
            stop();
        } finally {
            spec.cgroup().remove();
        }
    }

    String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(console(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - CONSOLE_LINES), lines.size()));
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    private Path console() {
        return spec.directory().resolve("console.log");
    }

    private boolean answersSsh() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(spec.address(), TestHost.SSH_PORT), CONNECT_MILLIS);
            socket.setSoTimeout(CONNECT_MILLIS * 2);
            InputStream in = socket.getInputStream();
            byte[] banner = in.readNBytes(4);
            return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Whether {@code pid} is PID 1 of a PID namespace right below this one ({@code NSpid: <pid> 1}). */
    private static boolean leadsPidNamespace(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("NSpid:")).map(line -> line.substring(6).strip().split("\\s+"))
                    .anyMatch(ids -> ids.length == 2 && ids[1].equals("1"));
        } catch (IOException | UncheckedIOException gone) {
            return false;
        }
    }
}
