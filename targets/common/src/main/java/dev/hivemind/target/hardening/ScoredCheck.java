package dev.hivemind.target.hardening;

import dev.hivemind.api.SecurityCheck;
import java.util.Objects;

/**
 * One check of a rubric ({@link Rubric}, {@link HostRubric}) as a target found it.
 *
 * @param item           which check, and so its name and weight
 * @param passed         whether it passed
 * @param detail         what the target found, with the real values
 * @param recommendation what the user could do to pass it; reported only when it fails
 */
public record ScoredCheck(RubricItem item, boolean passed, String detail, String recommendation) {
    public ScoredCheck {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(recommendation, "recommendation");
    }

    /** The points this check adds to the score: its weight when it passed, else none. */
    public int points() {
        return passed ? item.weight() : 0;
    }

    /** The check as reported in the state's {@code vulnerability_scan_results}. */
    public SecurityCheck result() {
        return new SecurityCheck(item.checkName(), passed, detail);
    }
}
