package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough TOML for pyproject.toml and Pipfile: {@code [table]} headers and {@code key = value} lines, a value
 * being kept as written (arrays may span lines). Strings are read from values on demand; nothing else of TOML is
 * interpreted, which is all detection needs.
 */
final class TomlTables {
    private static final Pattern HEADER = Pattern.compile("^\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(?:#.*)?$");
    private static final Pattern KEY_VALUE = Pattern.compile("^(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+)\\s*=\\s*(.*)$");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'");

    private final Map<String, Map<String, String>> tables;

    private TomlTables(Map<String, Map<String, String>> tables) {
        this.tables = tables;
    }

    /**
     * @throws InvalidInputException when the file cannot be read
     */
    static TomlTables read(Path file) {
        return parse(ProjectFiles.read(file).orElseThrow(() -> new InvalidInputException(Agent.COMPILER,
                "cannot read " + file, "Detecting the tech stack in " + file.getParent(), "Check that "
                + file.getFileName() + " is a readable UTF-8 file")));
    }

    static TomlTables parse(String text) {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        String table = "";
        tables.put(table, new LinkedHashMap<>());
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher header = HEADER.matcher(line);
            Matcher keyValue = KEY_VALUE.matcher(line);
            if (line.startsWith("[") && header.matches()) {
                table = header.group(1).replace("\"", "").replace("'", "");
                tables.putIfAbsent(table, new LinkedHashMap<>());
            } else if (keyValue.matches()) {
                StringBuilder value = new StringBuilder(keyValue.group(2));
                while (depth(value) > 0 && i + 1 < lines.size()) {
                    value.append('\n').append(lines.get(++i));
                }
                tables.get(table).put(unquote(keyValue.group(1)), value.toString().strip());
            }
        }
        return new TomlTables(tables);
    }

    boolean hasTable(String name) {
        return tables.containsKey(name);
    }

    /** The keys of {@code table} in file order, e.g. the package names of a Pipfile's {@code [packages]}. */
    List<String> keys(String table) {
        return List.copyOf(tables.getOrDefault(table, Map.of()).keySet());
    }

    /** The first string of the value, e.g. {@code >=3.10} for {@code requires-python = ">=3.10"}. */
    Optional<String> string(String table, String key) {
        return strings(table, key).stream().findFirst();
    }

    /** Every string in the value, e.g. each requirement of {@code dependencies = ["flask>=3", "gunicorn"]}. */
    List<String> strings(String table, String key) {
        String value = tables.getOrDefault(table, Map.of()).get(key);
        if (value == null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        Matcher matcher = STRING.matcher(withoutComments(value));
        while (matcher.find()) {
            found.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return found;
    }

    /** How many brackets and braces are open, outside strings and comments. */
    private static int depth(CharSequence value) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                while (i < value.length() && value.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return depth;
    }

    /** The value without its {@code #} comments, so a quoted word in a comment is not taken for a string. */
    private static String withoutComments(String value) {
        StringBuilder kept = new StringBuilder(value.length());
        char quote = 0;
        boolean comment = false;
        for (char c : value.toCharArray()) {
            if (comment) {
                comment = c != '\n';
            } else if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                comment = true;
                continue;
            }
            if (!comment) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    private static String unquote(String key) {
        boolean quoted = key.length() >= 2 && (key.startsWith("\"") || key.startsWith("'"));
        return quoted ? key.substring(1, key.length() - 1) : key;
    }
}
