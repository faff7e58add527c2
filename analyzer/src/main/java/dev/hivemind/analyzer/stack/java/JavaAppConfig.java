package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.FlatYaml;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings an app packs in {@code src/main/resources/application.properties} or {@code application.yml}
 * ({@code .yaml}), where Spring Boot, Quarkus and Micronaut read them; the app's own directory first, then its
 * modules'. YAML is read as nested {@code key: value} maps flattened to dotted keys; only the first document counts
 * (later ones are usually per-profile overrides) and lists are not read.
 */
final class JavaAppConfig {
    static final String RESOURCES = "src/main/resources/";
    static final List<String> FILES = List.of("application.properties", "application.yml", "application.yaml");

    private final Map<String, Finding> settings;

    private JavaAppConfig(Map<String, Finding> settings) {
        this.settings = settings;
    }

    /** The settings of the app's directory and its modules; the first file that sets a key wins. */
    static JavaAppConfig read(Path directory, List<String> modules) {
        Map<String, Finding> settings = new LinkedHashMap<>();
        List<String> prefixes = new ArrayList<>();
        prefixes.add("");
        modules.forEach(module -> prefixes.add(module + "/"));
        for (String prefix : prefixes) {
            for (String name : FILES) {
                String relative = prefix + RESOURCES + name;
                ProjectFiles.read(directory.resolve(relative)).ifPresent(text -> (name.endsWith(".properties")
                        ? properties(text) : FlatYaml.read(text)).forEach((key, value) -> settings.putIfAbsent(key,
                        new Finding(value, relative + " " + key))));
            }
        }
        return new JavaAppConfig(settings);
    }

    /** The value of {@code key}, with the file and key that set it as the {@link Finding}'s evidence. */
    Optional<Finding> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    private static Map<String, String> properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException malformed) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).strip()));
        return values;
    }
}
