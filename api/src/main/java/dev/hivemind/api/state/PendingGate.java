package dev.hivemind.api.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An approval gate a deployment waits at: the stage it guards, what that stage will do, since when it waits and
 * how long it may wait before it is rejected.
 *
 * @param stage       the stage that runs once the gate is approved
 * @param plan        what the stage will do: what is created, changed, started, which traffic moves
 * @param requestedAt when the deployment began to wait
 * @param timeout     how long it may wait; none means it waits until approved or rejected
 */
public record PendingGate(StageName stage, List<String> plan, Instant requestedAt, Optional<Duration> timeout) {

    public PendingGate {
        Objects.requireNonNull(stage, "stage");
        plan = List.copyOf(plan);
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** When the gate rejects by itself, if it has a timeout. */
    public Optional<Instant> expiresAt() {
        return timeout.map(requestedAt::plus);
    }

    /** Whether the timeout has passed at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt().map(deadline -> !now.isBefore(deadline)).orElse(false);
    }
}
