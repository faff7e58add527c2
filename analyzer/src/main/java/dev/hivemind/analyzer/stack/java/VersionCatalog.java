package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gradle version catalog ({@code gradle/libs.versions.toml}): the coordinates behind the {@code libs.*} accessors
 * build scripts use instead of writing them ({@code implementation(libs.spring.boot.starter.web)},
 * {@code alias(libs.plugins.spring.boot)}). Accessors are the aliases with {@code -}, {@code _} and {@code .} all
 * read as {@code .}, as Gradle generates them.
 */
final class VersionCatalog {
    static final String FILE = "gradle/libs.versions.toml";
    static final VersionCatalog EMPTY = new VersionCatalog("", Map.of(), Map.of());
    private static final Pattern HEADER = Pattern.compile("^\\[([\\w.-]+)]\\s*(?:#.*)?$");
    private static final Pattern ENTRY = Pattern.compile("^([\\w.-]+)\\s*=\\s*(.+)$");
    private static final Pattern MODULE = Pattern.compile("\\bmodule\\s*=\\s*\"([\\w.-]+):([\\w.-]+)\"");
    private static final Pattern GROUP = Pattern.compile("\\bgroup\\s*=\\s*\"([\\w.-]+)\"");
    private static final Pattern NAME = Pattern.compile("\\bname\\s*=\\s*\"([\\w.-]+)\"");
    private static final Pattern ID = Pattern.compile("\\bid\\s*=\\s*\"([\\w.-]+)\"");
    private static final Pattern SHORT = Pattern.compile("^\"([\\w.-]+):([\\w.-]+)(?::[^\"]*)?\"");

    private final String file;
    private final Map<String, String[]> libraries;
    private final Map<String, String> plugins;

    private VersionCatalog(String file, Map<String, String[]> libraries, Map<String, String> plugins) {
        this.file = file;
        this.libraries = libraries;
        this.plugins = plugins;
    }

    /**
     * The catalog of the Gradle build {@code directory} belongs to: its own, else that of the nearest directory
     * above it, up to {@code root}, that holds a settings script.
     */
    static VersionCatalog of(Path directory, Path root) {
        Path app = directory.toAbsolutePath().normalize();
        for (Path candidate : ProjectFiles.atOrAbove(app, root)) {
            if (ProjectFiles.isFile(candidate.resolve(FILE))) {
                String shown = ProjectFiles.relative(app, candidate.resolve(FILE));
                return ProjectFiles.read(candidate.resolve(FILE)).map(text -> parse(shown, text)).orElse(EMPTY);
            }
            if (!candidate.equals(app) && ProjectFiles.first(candidate, GradleBuild.SETTINGS_FILES).isPresent()) {
                return EMPTY;
            }
        }
        return EMPTY;
    }

    static VersionCatalog parse(String file, String text) {
        Map<String, String[]> libraries = new LinkedHashMap<>();
        Map<String, String> plugins = new LinkedHashMap<>();
        String table = "";
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                table = header.group(1);
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (!entry.matches()) {
                continue;
            }
            String accessor = accessor(entry.group(1));
            String value = entry.group(2);
            if (table.equals("libraries")) {
                coordinates(value).ifPresent(coordinates -> libraries.put(accessor, coordinates));
            } else if (table.equals("plugins")) {
                Matcher id = ID.matcher(value);
                Matcher shortForm = SHORT.matcher(value);
                if (id.find()) {
                    plugins.put(accessor, id.group(1));
                } else if (value.startsWith("\"")) {
                    plugins.put(accessor, value.replaceAll("^\"([\\w.-]+).*$", "$1"));
                } else if (shortForm.find()) {
                    plugins.put(accessor, shortForm.group(1));
                }
            }
        }
        return new VersionCatalog(file, libraries, plugins);
    }

    /** {@code group:artifact} of {@code libs.<accessor>}, e.g. {@code spring.boot.starter.web}. */
    Optional<String[]> library(String accessor) {
        return Optional.ofNullable(libraries.get(accessor(accessor)));
    }

    /** The plugin id of {@code libs.plugins.<accessor>}. */
    Optional<String> plugin(String accessor) {
        return Optional.ofNullable(plugins.get(accessor(accessor)));
    }

    String file() {
        return file;
    }

    private static Optional<String[]> coordinates(String value) {
        Matcher module = MODULE.matcher(value);
        if (module.find()) {
            return Optional.of(new String[] {module.group(1), module.group(2)});
        }
        Matcher group = GROUP.matcher(value);
        Matcher name = NAME.matcher(value);
        if (group.find() && name.find()) {
            return Optional.of(new String[] {group.group(1), name.group(1)});
        }
        Matcher shortForm = SHORT.matcher(value);
        return shortForm.find() ? Optional.of(new String[] {shortForm.group(1), shortForm.group(2)})
                : Optional.empty();
    }

    private static String accessor(String alias) {
        return alias.replaceAll("[-_.]", ".");
    }
}
