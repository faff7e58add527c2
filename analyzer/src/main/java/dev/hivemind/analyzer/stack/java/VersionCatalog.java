package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.TomlFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Gradle version catalog ({@code gradle/libs.versions.toml}): the coordinates behind the {@code libs.*} accessors
 * build scripts use instead of writing them ({@code implementation(libs.spring.boot.starter.web)},
 * {@code alias(libs.plugins.spring.boot)}). Accessors are the aliases with {@code -}, {@code _} and {@code .} all
 * read as {@code .}, as Gradle generates them.
 */
final class VersionCatalog {
    static final String FILE = "gradle/libs.versions.toml";
    static final VersionCatalog EMPTY = new VersionCatalog("", Map.of(), Map.of());

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
        TomlFile catalog = TomlFile.parse(Path.of(file), text);
        Map<String, String[]> libraries = new LinkedHashMap<>();
        Map<String, String> plugins = new LinkedHashMap<>();
        for (String alias : catalog.keys("libraries")) {
            coordinates(catalog, alias).ifPresent(coordinates -> libraries.put(accessor(alias), coordinates));
        }
        for (String alias : catalog.keys("plugins")) {
            catalog.string("plugins", alias, "id")
                    .or(() -> catalog.string("plugins", alias).map(notation -> notation.split(":")[0]))
                    .ifPresent(id -> plugins.put(accessor(alias), id));
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

    /** A library's {@code group:artifact}: {@code "g:a:v"}, {@code module = "g:a"} or {@code group} and {@code name}. */
    private static Optional<String[]> coordinates(TomlFile catalog, String alias) {
        Optional<String[]> notation = catalog.string("libraries", alias)
                .or(() -> catalog.string("libraries", alias, "module"))
                .map(text -> text.split(":")).filter(parts -> parts.length >= 2)
                .map(parts -> new String[] {parts[0], parts[1]});
        return notation.or(() -> catalog.string("libraries", alias, "group")
                .flatMap(group -> catalog.string("libraries", alias, "name").map(name -> new String[] {group, name})));
    }

    private static String accessor(String alias) {
        return alias.replaceAll("[-_.]", ".");
    }
}
