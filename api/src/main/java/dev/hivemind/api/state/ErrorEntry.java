package dev.hivemind.api.state;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import java.time.Instant;
import java.util.Objects;

/**
 * An error as recorded in the state: who, what type, what was being attempted, what to do.
 *
 * @param stackTrace the full trace, kept in the state and the log file, never printed unless asked
 */
public record ErrorEntry(
        Instant timestamp, Agent agent, String errorType, String message, String context, String stackTrace,
        String remediation) {

    public ErrorEntry {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(stackTrace, "stackTrace");
        Objects.requireNonNull(remediation, "remediation");
    }

    public static ErrorEntry of(Instant at, HiveMindException error) {
        return new ErrorEntry(at, error.agent(), error.errorType(), error.getMessage(), error.context(),
                HiveMindException.stackTraceOf(error), error.remediation());
    }
}
