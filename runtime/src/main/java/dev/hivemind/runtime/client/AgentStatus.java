package dev.hivemind.runtime.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The running agent.
 *
 * @param pid       the agent's process id
 * @param startedAt when it started
 * @param home      its {@code HIVEMIND_HOME}
 * @param apps      the names of the apps it serves, sorted
 */
public record AgentStatus(long pid, Instant startedAt, String home, List<String> apps) {

    public AgentStatus {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(home, "home");
        apps = List.copyOf(apps);
    }
}
