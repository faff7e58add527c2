package dev.hivemind.api.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One hook of a deployment: the commands {@code hivemind.yaml} gives it and, like a {@link StageRecord}, whether
 * it ran, when, and how many attempts it took, so a resumed deployment does not run a completed hook again.
 *
 * @param commands run one after the other by {@code /bin/sh -c}; the first that fails fails the hook
 * @param timeout  how long all its commands may take together
 */
public record HookStep(HookName name, List<String> commands, Duration timeout, StageStatus status,
                       Optional<Instant> startedAt, Optional<Instant> finishedAt, int attempts) {
    /** The timeout of a hook whose configuration names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public HookStep {
        Objects.requireNonNull(name, "name");
        commands = List.copyOf(commands);
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("hook " + name + " has no command");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("hook " + name + " needs a positive timeout, not " + timeout);
        }
        Objects.requireNonNull(status, "status");
        startedAt = startedAt == null ? Optional.empty() : startedAt;
        finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
    }

    public static HookStep pending(HookName name, List<String> commands, Duration timeout) {
        return new HookStep(name, commands, timeout, StageStatus.PENDING, Optional.empty(), Optional.empty(), 0);
    }

    public HookStep started(Instant at) {
        return new HookStep(name, commands, timeout, StageStatus.RUNNING, Optional.of(at), Optional.empty(),
                attempts + 1);
    }

    public HookStep finished(StageStatus outcome, Instant at) {
        return new HookStep(name, commands, timeout, outcome, startedAt, Optional.of(at), attempts);
    }

    public HookStep reset() {
        return new HookStep(name, commands, timeout, StageStatus.PENDING, Optional.empty(), Optional.empty(),
                attempts);
    }

    public boolean completed() {
        return status == StageStatus.COMPLETED;
    }
}
