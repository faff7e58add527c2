package dev.hivemind.api;

import java.util.Objects;

/** A port that is open on purpose, and to whom. */
public record FirewallRule(int port, String protocol, String source, String description) {
    public FirewallRule {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(description, "description");
    }
}
