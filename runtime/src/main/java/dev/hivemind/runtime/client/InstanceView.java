package dev.hivemind.runtime.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance of a release as the agent sees it.
 *
 * @param releaseId    the release
 * @param state        starting, healthy, unhealthy, crashed or stopped
 * @param port         the port the proxy sends its requests to: the {@code PORT} it was given, or the port it was
 *                     found listening on instead
 * @param pid          the process (and process group) id, empty when no process runs
 * @param startedAt    when the current (or last) process started
 * @param restarts     how often the agent restarted it (after an exit or a failed liveness probe)
 * @param exitCode     the last exit code, empty while the first process runs
 * @param logPath      the instance's output file
 * @param probes       the last probes (startup, readiness, liveness), oldest first
 * @param lastLogLines the last lines of the output file
 * @param ready        whether it is in rotation: it passed its startup probe and its readiness probe does not fail
 * @param crashLooping whether it restarted too often within the release's crash-loop window
 * @param replica      its number within the release, from 1
 * @param address      the address the proxy reaches it at: {@code 127.0.0.1}, or its network namespace's own
 * @param givenPort    the {@code PORT} it was given
 * @param listening    the TCP sockets its processes listened on when last looked at (while it is not ready)
 * @param namespace    the network namespace it runs in, when it has its own
 * @param user         the app's own user it runs as, when the agent runs as root
 * @param memoryKills  how often the kernel killed its processes for going over its memory limit (in its cgroup)
 */
public record InstanceView(String releaseId, InstanceState state, int port, Optional<Long> pid, Instant startedAt,
                           int restarts, Optional<Integer> exitCode, String logPath, List<ProbeView> probes,
                           List<String> lastLogLines, boolean ready, boolean crashLooping, int replica,
                           String address, int givenPort, List<Listener> listening, Optional<String> namespace,
                           Optional<String> user, int memoryKills) {

    private static final String LOOPBACK = "127.0.0.1";

    public InstanceView {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(logPath, "logPath");
        probes = List.copyOf(probes);
        lastLogLines = List.copyOf(lastLogLines);
        address = address == null ? LOOPBACK : address;
        givenPort = givenPort == 0 ? port : givenPort;
        listening = List.copyOf(listening == null ? List.of() : listening);
        namespace = namespace == null ? Optional.empty() : namespace;
        user = user == null ? Optional.empty() : user;
    }

    /** An instance run as the agent's user, never killed for its memory. */
    public InstanceView(String releaseId, InstanceState state, int port, Optional<Long> pid, Instant startedAt,
                        int restarts, Optional<Integer> exitCode, String logPath, List<ProbeView> probes,
                        List<String> lastLogLines, boolean ready, boolean crashLooping, int replica,
                        String address, int givenPort, List<Listener> listening, Optional<String> namespace) {
        this(releaseId, state, port, pid, startedAt, restarts, exitCode, logPath, probes, lastLogLines, ready,
                crashLooping, replica, address, givenPort, listening, namespace, Optional.empty(), 0);
    }

    /** An instance on the host's loopback, listening on the {@code PORT} it was given. */
    public InstanceView(String releaseId, InstanceState state, int port, Optional<Long> pid, Instant startedAt,
                        int restarts, Optional<Integer> exitCode, String logPath, List<ProbeView> probes,
                        List<String> lastLogLines, boolean ready, boolean crashLooping, int replica) {
        this(releaseId, state, port, pid, startedAt, restarts, exitCode, logPath, probes, lastLogLines, ready,
                crashLooping, replica, LOOPBACK, port, List.of(), Optional.empty());
    }

    /** This view with the sockets its processes listen on. */
    public InstanceView withListening(List<Listener> sockets) {
        return new InstanceView(releaseId, state, port, pid, startedAt, restarts, exitCode, logPath, probes,
                lastLogLines, ready, crashLooping, replica, address, givenPort, sockets, namespace, user, memoryKills);
    }

    /** Where the proxy sends its requests, e.g. {@code 127.0.0.1:41234}. */
    public String endpoint() {
        return address + ":" + port;
    }

    /** Whether it listens on a port other than the {@code PORT} it was given (an app that ignores PORT). */
    public boolean ignoresPort() {
        return port != givenPort;
    }

    /** This view with the instance log's last lines. */
    public InstanceView withLastLogLines(List<String> lines) {
        return new InstanceView(releaseId, state, port, pid, startedAt, restarts, exitCode, logPath, probes, lines,
                ready, crashLooping, replica, address, givenPort, listening, namespace, user, memoryKills);
    }
}
