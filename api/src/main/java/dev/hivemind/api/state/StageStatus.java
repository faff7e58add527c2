package dev.hivemind.api.state;

import java.util.Locale;

/** Where one stage of a deployment stands. */
public enum StageStatus {
    PENDING, RUNNING, COMPLETED, FAILED, SKIPPED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
