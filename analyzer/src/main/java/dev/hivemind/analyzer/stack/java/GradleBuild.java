package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What analysis reads from a Gradle build script (Groovy {@code build.gradle} or Kotlin {@code build.gradle.kts}):
 * plugin ids, dependency coordinates with their configuration, and the Java version it asks for. Gradle scripts are
 * programs, so this reads the declarations people write by hand, without running Gradle; coordinates from a
 * version catalog ({@code libs.foo}, {@code alias(libs.plugins.foo)}) are looked up in the build's
 * {@link VersionCatalog}.
 */
final class GradleBuild {
    static final List<String> BUILD_FILES = List.of("build.gradle.kts", "build.gradle");
    static final List<String> SETTINGS_FILES = List.of("settings.gradle.kts", "settings.gradle");
    private static final Pattern PLUGIN_ID = Pattern.compile(
            "(?:\\bid\\s*\\(?\\s*|apply\\s*\\(?\\s*plugin\\s*[:=]\\s*)[\"']([\\w.\\-]+)[\"']");
    private static final Pattern DEPENDENCY = Pattern.compile(
            "\\b([a-z][A-Za-z]*)\\s*\\(?\\s*(?:platform\\s*\\(\\s*|enforcedPlatform\\s*\\(\\s*)?"
            + "[\"']([\\w.\\-]+):([\\w.\\-]+)(?::[^\"'\\s]*)?[\"']");
    private static final Pattern MAP_DEPENDENCY = Pattern.compile(
            "\\b([a-z][A-Za-z]*)\\s*\\(?\\s*group\\s*[:=]\\s*[\"']([\\w.\\-]+)[\"']\\s*,\\s*name\\s*[:=]\\s*"
            + "[\"']([\\w.\\-]+)[\"']");
    private static final Pattern CATALOG_PLUGIN = Pattern.compile("\\balias\\s*\\(\\s*libs\\.plugins\\.([\\w.]+)\\s*\\)");
    private static final Pattern CATALOG_DEPENDENCY = Pattern.compile(
            "\\b([a-z][A-Za-z]*)\\s*\\(?\\s*(?:platform\\s*\\(\\s*)?libs\\.(?!plugins\\.|versions\\.|bundles\\.)([\\w.]+)");
    private static final Pattern INCLUDE = Pattern.compile("\\binclude\\s*\\(?([^)\\n]*)");
    private static final Pattern QUOTED = Pattern.compile("[\"']:?([\\w.\\-:]+)[\"']");
    private static final List<VersionRule> VERSIONS = List.of(
            new VersionRule("java.toolchain.languageVersion", Pattern.compile(
                    "languageVersion\\s*(?:=|\\.set\\s*\\()\\s*JavaLanguageVersion\\.of\\s*\\(\\s*[\"']?(\\d+)")),
            new VersionRule("jvmToolchain", Pattern.compile("\\bjvmToolchain\\s*\\(\\s*(\\d+)")),
            new VersionRule("targetCompatibility", compatibility("targetCompatibility")),
            new VersionRule("sourceCompatibility", compatibility("sourceCompatibility")));

    private final String file;
    private final String code;
    private final VersionCatalog catalog;

    private GradleBuild(String file, String code, VersionCatalog catalog) {
        this.file = file;
        this.code = code;
        this.catalog = catalog;
    }

    /** {@code = JavaVersion.VERSION_17}, {@code = JavaVersion.toVersion("21")}, {@code = '17'} or {@code = 17}. */
    private static Pattern compatibility(String setting) {
        return Pattern.compile("\\b" + setting + "\\s*=\\s*(?:JavaVersion\\.VERSION_([\\d_]+)"
                + "|JavaVersion\\.toVersion\\(\\s*[\"']?([\\d.]+)|[\"']?([\\d.]+))");
    }

    /** A setting read from the script, e.g. {@code jvmToolchain}. */
    private record VersionRule(String setting, Pattern pattern) {
    }

    /** The build script in {@code directory} (Kotlin first), when there is one, with the catalog its libs.* use. */
    static Optional<GradleBuild> read(Path directory, String prefix, VersionCatalog catalog) {
        return ProjectFiles.first(directory, BUILD_FILES).flatMap(name -> ProjectFiles.read(directory.resolve(name))
                .map(text -> new GradleBuild(prefix + name, withoutComments(text), catalog)));
    }

    /** The projects {@code settings.gradle[.kts]} includes, as directories: {@code ':app'} is {@code app}. */
    static List<String> includedProjects(Path directory) {
        List<String> projects = new ArrayList<>();
        ProjectFiles.first(directory, SETTINGS_FILES).flatMap(name -> ProjectFiles.read(directory.resolve(name)))
                .map(GradleBuild::withoutComments).ifPresent(settings -> {
                    Matcher include = INCLUDE.matcher(settings);
                    while (include.find()) {
                        Matcher quoted = QUOTED.matcher(include.group(1));
                        while (quoted.find()) {
                            projects.add(quoted.group(1).replace(':', '/'));
                        }
                    }
                });
        return projects;
    }

    String file() {
        return file;
    }

    /** Applied plugins (as {@link JavaDependency} with an empty artifact) and declared dependencies. */
    List<JavaDependency> dependencies() {
        List<JavaDependency> found = new ArrayList<>();
        Matcher plugin = PLUGIN_ID.matcher(code);
        while (plugin.find()) {
            found.add(new JavaDependency(plugin.group(1), "", JavaDependency.Kind.PLUGIN, false, file + " line "
                    + lineOf(plugin.start()) + " plugin " + plugin.group(1)));
        }
        Matcher alias = CATALOG_PLUGIN.matcher(code);
        while (alias.find()) {
            int line = lineOf(alias.start());
            catalog.plugin(alias.group(1)).ifPresent(id -> found.add(new JavaDependency(id, "",
                    JavaDependency.Kind.PLUGIN, false, file + " line " + line + " plugin " + id + " (alias libs.plugins."
                    + alias.group(1) + " in " + catalog.file() + ")")));
        }
        Matcher fromCatalog = CATALOG_DEPENDENCY.matcher(code);
        while (fromCatalog.find()) {
            String configuration = fromCatalog.group(1);
            int line = lineOf(fromCatalog.start());
            catalog.library(fromCatalog.group(2)).ifPresent(coordinates -> found.add(JavaDependency.library(
                    coordinates[0], coordinates[1], configuration.startsWith("test"), file + " line " + line + " "
                    + configuration + " " + coordinates[0] + ":" + coordinates[1] + " (libs." + fromCatalog.group(2)
                    + " in " + catalog.file() + ")")));
        }
        for (Pattern pattern : List.of(DEPENDENCY, MAP_DEPENDENCY)) {
            Matcher dependency = pattern.matcher(code);
            while (dependency.find()) {
                String configuration = dependency.group(1);
                boolean test = configuration.startsWith("test");
                found.add(JavaDependency.library(dependency.group(2), dependency.group(3), test, file + " line "
                        + lineOf(dependency.start()) + " " + configuration + " " + dependency.group(2) + ":"
                        + dependency.group(3)));
            }
        }
        return found;
    }

    /** The Java version the script asks for: toolchain, jvmToolchain, targetCompatibility, sourceCompatibility. */
    Optional<Finding> javaVersion() {
        for (VersionRule rule : VERSIONS) {
            Matcher matcher = rule.pattern().matcher(code);
            if (matcher.find()) {
                String raw = matcher.group(1) != null ? matcher.group(1).replace('_', '.')
                        : matcher.groupCount() >= 2 && matcher.group(2) != null ? matcher.group(2)
                        : matcher.group(matcher.groupCount());
                if (raw == null) {
                    continue;
                }
                return Optional.of(new Finding(raw, file + " line " + lineOf(matcher.start()) + " " + rule.setting()));
            }
        }
        return Optional.empty();
    }

    private int lineOf(int offset) {
        return ProjectFiles.lineOf(code, offset);
    }

    /** Blanks out comments, keeping line breaks so line numbers still match the file. */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        char quote = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\n') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length()) {
                    out.append(text.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                i++;
            } else if (c == '"' || c == '\'') {
                quote = c;
                out.append(c);
                i++;
            } else if (text.startsWith("//", i)) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                int stop = end < 0 ? text.length() : end + 2;
                text.substring(i, stop).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = stop;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
