package dev.hivemind.api.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One stage of one deployment: whether it ran, when, and how many attempts it took. */
public record StageRecord(
        StageName name, StageStatus status, Optional<Instant> startedAt, Optional<Instant> finishedAt, int attempts) {

    public StageRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    public static StageRecord pending(StageName name) {
        return new StageRecord(name, StageStatus.PENDING, Optional.empty(), Optional.empty(), 0);
    }

    public StageRecord started(Instant at) {
        return new StageRecord(name, StageStatus.RUNNING, Optional.of(at), Optional.empty(), attempts + 1);
    }

    public StageRecord finished(StageStatus outcome, Instant at) {
        return new StageRecord(name, outcome, startedAt, Optional.of(at), attempts);
    }

    public StageRecord reset() {
        return new StageRecord(name, StageStatus.PENDING, Optional.empty(), Optional.empty(), attempts);
    }
}
