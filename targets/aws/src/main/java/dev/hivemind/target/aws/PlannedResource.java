package dev.hivemind.target.aws;

import java.util.Objects;

/**
 * One AWS resource of the plan.
 *
 * @param kind    what it is ({@code vpc}, {@code subnet}, {@code instance}...)
 * @param role    which of its kind ({@code public-a}, {@code web-1}...): the {@code hivemind:role} tag it gets
 * @param detail  how it is made
 * @param monthly what it costs a month in US dollars (0 for what AWS does not charge for)
 */
record PlannedResource(String kind, String role, String detail, double monthly) {
    PlannedResource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(detail, "detail");
    }

    /** The ledger's key: kind and role. */
    String key() {
        return kind + "/" + role;
    }
}
