package dev.hivemind.api;

import java.util.Objects;

/** One hardening check and what it found. */
public record SecurityCheck(String name, boolean passed, String detail) {
    public SecurityCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }
}
