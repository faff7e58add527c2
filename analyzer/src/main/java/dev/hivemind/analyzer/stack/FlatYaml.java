package dev.hivemind.analyzer.stack;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough YAML for the configuration files apps read their port and database from ({@code application.yml},
 * a Go service's {@code config.yaml}): nested {@code key: value} maps flattened to dotted keys
 * ({@code server.port}), quotes and trailing comments removed. Only the first document counts (later ones are
 * usually per-profile overrides) and lists are not read.
 */
public final class FlatYaml {
    private static final Pattern ENTRY = Pattern.compile("^( *)([A-Za-z0-9_.\\-\\[\\]\"']+)\\s*:(?:\\s+(.*))?$");

    private FlatYaml() {
    }

    /** The first document's scalar values by dotted key, in file order. */
    public static Map<String, String> read(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Deque<Level> path = new ArrayDeque<>();
        boolean content = false;
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (stripped.equals("---")) {
                if (content) {
                    break;
                }
                continue;
            }
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith("-")) {
                continue;
            }
            Matcher entry = ENTRY.matcher(line.replaceAll("\\s+#.*$", ""));
            if (!entry.matches()) {
                continue;
            }
            content = true;
            int indent = entry.group(1).length();
            while (!path.isEmpty() && path.peekLast().indent() >= indent) {
                path.removeLast();
            }
            String key = entry.group(2).replaceAll("^[\"']|[\"']$", "");
            String value = entry.group(3) == null ? "" : entry.group(3).strip();
            if (value.isEmpty()) {
                path.addLast(new Level(indent, key));
            } else {
                StringBuilder dotted = new StringBuilder();
                path.forEach(level -> dotted.append(level.key()).append('.'));
                values.put(dotted + key, value.replaceAll("^[\"']|[\"']$", ""));
            }
        }
        return values;
    }

    private record Level(int indent, String key) {
    }
}
