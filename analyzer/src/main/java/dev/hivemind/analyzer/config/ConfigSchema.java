package dev.hivemind.analyzer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON Schema of {@code hivemind.yaml} ({@code schema/hivemind.schema.json} in the repository, a resource
 * beside this class in the jar), checked with networknt's json-schema-validator. Each problem is one line that
 * starts with its path in the file ({@code environments.prod.port: must be at most 65535, not 70000}).
 */
public final class ConfigSchema {
    /** The schema's file name, in the repository's {@code schema/} folder and beside this class in the jar. */
    static final String FILE = "hivemind.schema.json";
    /** The schema's {@code $id}, named by the yaml-language-server comment of a file {@code hivemind init} writes. */
    public static final String URL = "https://hivemind.dev/schema/" + FILE;

    private static final ConfigSchema INSTANCE = load();

    private final Schema schema;
    private final JsonNode tree;

    private ConfigSchema(Schema schema, JsonNode tree) {
        this.schema = schema;
        this.tree = tree;
    }

    static ConfigSchema instance() {
        return INSTANCE;
    }

    private static ConfigSchema load() {
        try (InputStream in = ConfigSchema.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing from the class path");
            }
            JsonNode tree = new ObjectMapper().readTree(in);
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(tree.toString(), InputFormat.JSON);
            return new ConfigSchema(schema, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + FILE + " from the class path", e);
        }
    }

    /** Every problem of {@code document} (a parsed {@code hivemind.yaml}), each naming its path; empty when valid. */
    List<String> problems(JsonNode document) {
        Set<String> problems = new LinkedHashSet<>();
        for (Error error : schema.validate(document.toString(), InputFormat.JSON)) {
            problems.add(describe(error, document));
        }
        return List.copyOf(problems);
    }

    private String describe(Error error, JsonNode document) {
        String pointer = error.getInstanceLocation().toString();
        JsonNode value = document.at(pointer);
        String where = path(pointer);
        String schemaPointer = fragment(error);
        int alternatives = schemaPointer.lastIndexOf("/anyOf/");
        if (alternatives >= 0) {
            return where + ": must be " + description(schemaPointer.substring(0, alternatives)) + ", not " + shown(value);
        }
        String parent = schemaPointer.substring(0, Math.max(0, schemaPointer.lastIndexOf('/')));
        JsonNode rule = tree.at(parent);
        return switch (error.getKeyword()) {
            case "additionalProperties" -> join(where, error.getProperty()) + ": unknown key"
                    + kebabHint(error.getProperty(), keys(rule.path("properties"))) + "; known keys: "
                    + String.join(", ", keys(rule.path("properties")));
            case "required" -> join(where, error.getProperty()) + ": is required";
            case "propertyNames" -> join(where, error.getProperty()) + ": must be "
                    + rule.path("propertyNames").path("description").asText() + ", not '" + error.getProperty() + "'";
            case "type" -> where + ": must be " + types(rule.path("type")) + ", not " + shown(value);
            case "enum" -> where + ": must be one of " + enumeration(rule.path("enum")) + ", not " + shown(value);
            case "minimum", "exclusiveMinimum" -> where + ": must be at least " + rule.path(error.getKeyword())
                    + (error.getKeyword().equals("exclusiveMinimum") ? " (exclusive)" : "") + ", not " + shown(value);
            case "maximum" -> where + ": must be at most " + rule.path("maximum") + ", not " + shown(value);
            case "pattern", "minLength" -> where + ": must be " + description(parent) + ", not " + shown(value);
            default -> where + ": " + error.getMessage() + ", not " + shown(value);
        };
    }

    /** The schema location of the failed keyword as a JSON pointer into the schema: {@code /$defs/path/pattern}. */
    private static String fragment(Error error) {
        String location = error.getSchemaLocation().toString();
        int hash = location.indexOf('#');
        return hash < 0 ? "" : location.substring(hash + 1);
    }

    private String description(String schemaPointer) {
        JsonNode node = tree.at(schemaPointer);
        if (node.has("$ref")) {
            node = tree.at(node.get("$ref").asText().substring(1));
        }
        return node.path("description").asText("valid");
    }

    /** {@code /environments/prod/port} as {@code environments.prod.port}; list items as {@code smoke[0]}. */
    static String path(String pointer) {
        if (pointer.isEmpty()) {
            return "(top level)";
        }
        StringBuilder path = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit) && !name.isEmpty() && !path.isEmpty()) {
                path.append('[').append(name).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(name);
            }
        }
        return path.toString();
    }

    private static String join(String where, String key) {
        return where.equals("(top level)") ? key : where + "." + key;
    }

    /** {@code pre_build} where {@code pre-build} is known: keys are kebab-case, so say which one was meant. */
    private static String kebabHint(String key, Set<String> known) {
        String kebab = key.replace('_', '-');
        return !kebab.equals(key) && known.contains(kebab) ? " (keys are kebab-case: write '" + kebab + "')" : "";
    }

    private static Set<String> keys(JsonNode properties) {
        Set<String> keys = new TreeSet<>();
        properties.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String types(JsonNode type) {
        List<String> names = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> names.add(t.asText()));
        } else {
            names.add(type.asText());
        }
        return names.stream().map(name -> switch (name) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "a whole number";
            case "null" -> "empty";
            default -> "a " + name;
        }).reduce((a, b) -> a + " or " + b).orElse("valid");
    }

    private static String enumeration(JsonNode values) {
        List<String> names = new ArrayList<>();
        values.forEach(v -> names.add(v.asText()));
        return String.join(", ", names);
    }

    static String shown(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String shown = node.isTextual() ? "'" + node.asText() + "'" : node.toString();
        return shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
    }
}
