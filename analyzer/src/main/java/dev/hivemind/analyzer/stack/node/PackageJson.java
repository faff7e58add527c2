package dev.hivemind.analyzer.stack.node;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a {@code package.json} that detection and the build read; anything else in the file is ignored.
 *
 * @param enginesNode     {@code engines.node}, the Node.js versions the app says it supports
 * @param voltaNode       {@code volta.node}, the Node.js version Volta pins for the project
 * @param dependencies    the names under {@code dependencies}, in file order
 * @param devDependencies the names under {@code devDependencies}, in file order; only meta-frameworks such as
 *                        SvelteKit, which are build tools as much as libraries, are looked for there
 */
public record PackageJson(Optional<String> main, Map<String, String> scripts, Optional<String> enginesNode,
                   Optional<String> voltaNode, List<String> dependencies, List<String> devDependencies,
                   Optional<String> packageManager) {
    public static final String FILE = "package.json";
    /** A package.json that declares nothing, for a workspace root that has none (only pnpm-workspace.yaml). */
    static final PackageJson EMPTY = new PackageJson(Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
            List.of(), List.of(), Optional.empty());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public PackageJson {
        scripts = Map.copyOf(scripts);
        dependencies = List.copyOf(dependencies);
        devDependencies = List.copyOf(devDependencies);
    }

    /** Reads {@code directory/package.json}, which must exist. */
    public static PackageJson read(Path directory) {
        Path file = directory.resolve(FILE);
        JsonNode root = parse(file);
        if (!root.isObject()) {
            throw invalid(file, "its top level is " + describe(root) + ", not an object");
        }
        return new PackageJson(text(file, root, "main", "main"), scripts(file, root),
                text(file, object(file, root, "engines"), "engines.node", "node"),
                text(file, object(file, root, "volta"), "volta.node", "node"), names(file, root, "dependencies"),
                names(file, root, "devDependencies"), text(file, root, "packageManager", "packageManager"));
    }

    /** {@code directory/package.json} read, when there is one. */
    static Optional<PackageJson> readIfPresent(Path directory) {
        return ProjectFiles.has(directory, FILE) ? Optional.of(read(directory)) : Optional.empty();
    }

    public Optional<String> script(String name) {
        return Optional.ofNullable(scripts.get(name)).filter(script -> !script.isBlank());
    }

    /** Whether {@code name} is among the dependencies or the devDependencies. */
    boolean declares(String name) {
        return dependencies.contains(name) || devDependencies.contains(name);
    }

    private static JsonNode parse(Path file) {
        try {
            JsonNode root = JSON.readTree(ProjectFiles.read(file).orElseThrow(() -> invalid(file,
                    "it cannot be read")));
            if (root == null || root.isMissingNode()) {
                throw invalid(file, "the file is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            throw invalid(file, "it is not valid JSON: " + e.getOriginalMessage() + at);
        } catch (IOException e) {
            throw new InvalidInputException(Agent.COMPILER, "cannot read " + file + ": " + e,
                    "Reading " + file, "Check that the file is readable by this user", e);
        }
    }

    private static Map<String, String> scripts(Path file, JsonNode root) {
        JsonNode scripts = object(file, root, "scripts");
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : scripts.properties()) {
            if (!entry.getValue().isTextual()) {
                throw invalid(file, "scripts." + entry.getKey() + " is " + describe(entry.getValue())
                        + ", not a string");
            }
            result.put(entry.getKey(), entry.getValue().textValue());
        }
        return result;
    }

    private static List<String> names(Path file, JsonNode root, String field) {
        List<String> names = new ArrayList<>();
        object(file, root, field).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode object(Path file, JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw invalid(file, field + " is " + describe(node) + ", not an object");
        }
        return node;
    }

    private static Optional<String> text(Path file, JsonNode parent, String shown, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid(file, shown + " is " + describe(node) + ", not a string");
        }
        return Optional.of(node.textValue().trim()).filter(value -> !value.isEmpty());
    }

    private static String describe(JsonNode node) {
        return node.isContainerNode() ? (node.isArray() ? "an array" : "an object") : "the value " + node;
    }

    private static InvalidInputException invalid(Path file, String problem) {
        return new InvalidInputException(Agent.COMPILER, file + " cannot be used: " + problem,
                "Reading the Node.js application's " + FILE + " in " + file.getParent(),
                "Fix " + FILE + " so that it is valid JSON with the fields npm expects, then run again");
    }
}
