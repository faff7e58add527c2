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
 * @param port         the loopback port the instance listens on ({@code PORT})
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
 */
public record InstanceView(String releaseId, InstanceState state, int port, Optional<Long> pid, Instant startedAt,
                           int restarts, Optional<Integer> exitCode, String logPath, List<ProbeView> probes,
                           List<String> lastLogLines, boolean ready, boolean crashLooping, int replica) {

    public InstanceView {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(logPath, "logPath");
        probes = List.copyOf(probes);
        lastLogLines = List.copyOf(lastLogLines);
    }

    /** This view with the instance log's last lines. */
    public InstanceView withLastLogLines(List<String> lines) {
        return new InstanceView(releaseId, state, port, pid, startedAt, restarts, exitCode, logPath, probes, lines,
                ready, crashLooping, replica);
    }
}
