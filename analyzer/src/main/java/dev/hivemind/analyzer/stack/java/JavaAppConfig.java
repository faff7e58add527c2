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
    private final List<String> files;

    private JavaAppConfig(Map<String, Finding> settings, List<String> files) {
        this.settings = settings;
        this.files = List.copyOf(files);
    }

    /** The settings of the app's directory and its modules; the first file that sets a key wins. */
    static JavaAppConfig read(Path directory, List<String> modules) {
        return read(directory, modules, FILES);
    }

    /**
     * The settings of one Spring profile ({@code application-PROFILE.properties}, {@code .yml}, {@code .yaml}); empty
     * when the app has no such file ({@link #present()}).
     */
    static JavaAppConfig profile(Path directory, List<String> modules, String profile) {
        return read(directory, modules, FILES.stream().map(name -> name.replace("application.", "application-"
                + profile + ".")).toList());
    }

    private static JavaAppConfig read(Path directory, List<String> modules, List<String> files) {
        Map<String, Finding> settings = new LinkedHashMap<>();
        List<String> found = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        prefixes.add("");
        modules.forEach(module -> prefixes.add(module + "/"));
        for (String prefix : prefixes) {
            for (String name : files) {
                String relative = prefix + RESOURCES + name;
                Optional<String> text = ProjectFiles.read(directory.resolve(relative));
                text.ifPresent(content -> found.add(relative));
                text.ifPresent(content -> (name.endsWith(".properties") ? properties(content)
                        : FlatYaml.read(content)).forEach((key, value) -> settings.putIfAbsent(key,
                        new Finding(value, relative + " " + key))));
            }
        }
        return new JavaAppConfig(settings, found);
    }

    /** The first of the files read that exists, relative to the app's directory. */
    Optional<String> present() {
        return files.stream().findFirst();
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
