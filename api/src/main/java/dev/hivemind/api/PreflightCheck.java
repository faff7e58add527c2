package dev.hivemind.api;

import java.util.Objects;

/**
 * One prerequisite checked before anything changes.
 *
 * @param critical    whether a failure stops the deployment (exit 4) rather than warning
 * @param remediation what to do when it failed (an install hint, a flag to pass)
 */
public record PreflightCheck(String name, boolean passed, boolean critical, String detail, String remediation) {
    public PreflightCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(remediation, "remediation");
    }
}
