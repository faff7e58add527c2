package dev.hivemind.api;

import java.util.Objects;

/** Something a target created for an app: a port, a directory, a host, a database. */
public record Resource(String type, String id, String description) {
    public Resource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
    }
}
