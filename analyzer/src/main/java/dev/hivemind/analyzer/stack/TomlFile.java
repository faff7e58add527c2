package dev.hivemind.analyzer.stack;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A TOML file of the project ({@code pyproject.toml}, {@code Pipfile}, {@code Cargo.toml},
 * {@code rust-toolchain.toml}, {@code gradle/libs.versions.toml}, {@code Rocket.toml}, ...) read by a full TOML 1.0
 * parser (Jackson's), so inline tables, dotted keys, multi-line strings and arrays and comments anywhere are read as
 * the ecosystem's own tools read them. Tables and keys are named by dotted paths ({@code tool.poetry.dependencies});
 * a key that itself holds a dot is one path segment only when quoted in the file, so lookups take segments.
 */
public final class TomlFile {
    private static final TomlMapper MAPPER = new TomlMapper();
    private static final TomlFile EMPTY = new TomlFile(MissingNode.getInstance());

    private final JsonNode root;

    private TomlFile(JsonNode root) {
        this.root = root;
    }

    /**
     * The file when it is a readable regular file; empty when there is none.
     *
     * @throws InvalidInputException when the file is not valid TOML (with its line and column)
     */
    public static Optional<TomlFile> read(Path file) {
        return ProjectFiles.remembered(new Key(file), () -> ProjectFiles.read(file).map(text -> parse(file, text)));
    }

    /** What {@link ProjectFiles#remembered} keeps a parsed file under. */
    private record Key(Path file) {
    }

    /** {@link #read} with an empty document for a missing file. */
    public static TomlFile readOrEmpty(Path file) {
        return read(file).orElse(EMPTY);
    }

    /**
     * @throws InvalidInputException when {@code text} is not valid TOML
     */
    public static TomlFile parse(Path file, String text) {
        try {
            return new TomlFile(MAPPER.readTree(text));
        } catch (JacksonException e) {
            throw invalid(file, e);
        }
    }

    /** Whether the document has a table at {@code path} (a {@code [header]}, an inline table or a dotted key). */
    public boolean hasTable(String... path) {
        return node(path).isObject();
    }

    /** The keys of the table at {@code path}, in file order; empty when there is no such table. */
    public List<String> keys(String... path) {
        List<String> keys = new ArrayList<>();
        JsonNode table = node(path);
        if (table.isObject()) {
            table.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    /** The string at {@code path}, e.g. {@code project}, {@code requires-python}; empty when it is no string. */
    public Optional<String> string(String... path) {
        JsonNode value = node(path);
        return value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    /** The integer at {@code path}; empty when it is no integer. */
    public Optional<Long> integer(String... path) {
        JsonNode value = node(path);
        return value.isIntegralNumber() ? Optional.of(value.longValue()) : Optional.empty();
    }

    /**
     * The strings of the array at {@code path} (other elements skipped), or the string there as a one-element list;
     * empty otherwise.
     */
    public List<String> strings(String... path) {
        JsonNode value = node(path);
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        List<String> strings = new ArrayList<>();
        value.forEach(element -> {
            if (element.isTextual()) {
                strings.add(element.textValue());
            }
        });
        return value.isArray() ? strings : List.of();
    }

    /** The table at {@code path} as its own document (empty when there is none), for the tables of an array. */
    public TomlFile table(String... path) {
        JsonNode table = node(path);
        return table.isObject() ? new TomlFile(table) : EMPTY;
    }

    /** The tables of the array of tables at {@code path} ({@code [[bin]]}), in file order. */
    public List<TomlFile> tables(String... path) {
        List<TomlFile> tables = new ArrayList<>();
        node(path).forEach(element -> {
            if (element.isObject()) {
                tables.add(new TomlFile(element));
            }
        });
        return tables;
    }

    /**
     * The first key called {@code key} holding an integer, depth first in file order, as its dotted path and value,
     * e.g. {@code default.port} and 8000 in a Rocket.toml.
     */
    public Optional<Map.Entry<String, Long>> firstInteger(String key) {
        return first(root, "", key);
    }

    private static Optional<Map.Entry<String, Long>> first(JsonNode node, String prefix, String key) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            Optional<Map.Entry<String, Long>> found = field.getKey().equals(key) && field.getValue().isIntegralNumber()
                    ? Optional.of(Map.entry(path, field.getValue().longValue()))
                    : first(field.getValue(), path, key);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private JsonNode node(String... path) {
        JsonNode node = root;
        for (String segment : path) {
            node = node.path(segment);
        }
        return node;
    }

    private static InvalidInputException invalid(Path file, JacksonException e) {
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String name = file.getFileName().toString();
        return new InvalidInputException(Agent.COMPILER, name + " is not valid TOML" + where + ": "
                + e.getOriginalMessage(), "Reading " + file + " to detect the tech stack", "Fix " + name
                + " so that it is valid TOML 1.0 (https://toml.io); the tool that owns it refuses it as well");
    }
}
