package dev.hivemind.target.aws.standin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** One resource the stand-in holds: its id, kind ({@code vpc}, {@code subnet}...), tags and attributes. */
final class Resource {
    final String id;
    final String kind;
    final Map<String, String> tags = new TreeMap<>();
    final Map<String, Object> attributes = new LinkedHashMap<>();

    Resource(String id, String kind) {
        this.id = id;
        this.kind = kind;
    }

    String attribute(String name) {
        Object value = attributes.get(name);
        return value == null ? null : value.toString();
    }
}
