package dev.hivemind.api.state;

import dev.hivemind.api.error.Agent;
import java.time.Instant;
import java.util.Objects;

/** One line of a deployment's log. */
public record LogEntry(Instant timestamp, Agent agent, Level level, String message) {

    /** Severity of a log line. */
    public enum Level { INFO, WARN, ERROR }

    public LogEntry {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }
}
