package dev.hivemind.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One release's instance as the agent sees it.
 *
 * @param releaseId    the release
 * @param state        starting, healthy, unhealthy, crashed or stopped
 * @param port         the loopback port the instance listens on ({@code PORT})
 * @param pid          the process (and process group) id, empty when no process runs
 * @param startedAt    when the current (or last) process started
 * @param restarts     how often the agent restarted it after a crash
 * @param exitCode     the last exit code, empty while the first process runs
 * @param logPath      the instance's output file
 * @param probes       the last health probes, oldest first
 * @param lastLogLines the last lines of the output file
 */
public record InstanceView(String releaseId, InstanceState state, int port, Optional<Long> pid, Instant startedAt,
                           int restarts, Optional<Integer> exitCode, String logPath, List<ProbeView> probes,
                           List<String> lastLogLines) {

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
}
