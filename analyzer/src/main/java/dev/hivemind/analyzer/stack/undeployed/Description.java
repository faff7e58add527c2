package dev.hivemind.analyzer.stack.undeployed;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.HealthPathScanner;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers gathered for a stack HiveMind describes but does not deploy, turned into a {@link TechStack} with one
 * evidence line per answer, in the same order as for the stacks it deploys.
 */
final class Description {
    private static final int MAX_SOURCE_FILES = 60;
    private static final int SOURCE_DEPTH = 4;

    private final String language;
    private final String languageSource;
    private Finding framework = new Finding("none", "framework none");
    private Finding runtime = new Finding("none", "runtime_version none");
    private Finding buildTool = new Finding("none", "build_tool none");
    private Optional<Finding> database = Optional.empty();
    private String noDatabase = "requires_database false";
    private Finding start = new Finding("", "start_command none");
    private Optional<Finding> port = Optional.empty();
    private String noPort = "port none";
    private Optional<Finding> health = Optional.empty();
    private List<String> dependencies = List.of();

    Description(String language, String languageSource) {
        this.language = language;
        this.languageSource = languageSource;
    }

    Description framework(Finding value) {
        framework = value;
        return this;
    }

    Description runtime(Finding value) {
        runtime = value;
        return this;
    }

    Description buildTool(Finding value) {
        buildTool = value;
        return this;
    }

    /** The database, or the evidence of why there is none. */
    Description database(Optional<Finding> value, String whyNone) {
        database = value;
        noDatabase = whyNone;
        return this;
    }

    Description start(Finding value) {
        start = value;
        return this;
    }

    Description port(Optional<Finding> value, String whyNone) {
        port = value;
        noPort = whyNone;
        return this;
    }

    Description health(Optional<Finding> value) {
        health = value;
        return this;
    }

    Description dependencies(List<String> names) {
        dependencies = List.copyOf(names);
        return this;
    }

    TechStack stack() {
        List<String> evidence = new ArrayList<>();
        evidence.add("language " + language + " from " + languageSource);
        evidence.add(runtime.evidence());
        evidence.add(framework.evidence());
        evidence.add(database.map(Finding::evidence).orElse(noDatabase));
        evidence.add(buildTool.evidence());
        evidence.add(start.evidence());
        evidence.add(port.map(Finding::evidence).orElse(noPort));
        evidence.add(health.map(Finding::evidence).orElse("health_check_path none: no health route (such as "
                + "/health, /healthz or /up) is declared in the app's source files"));
        evidence.add("dependencies " + dependencies.size());
        return new TechStack(language, framework.value(), runtime.value(), dependencies, database.isPresent(),
                database.map(Finding::value), buildTool.value(), start.value(), health.map(Finding::value), evidence,
                port.map(found -> Integer.valueOf(found.value())), Optional.empty());
    }

    /** The first of the answers that is present. */
    @SafeVarargs
    static Optional<Finding> first(Supplier<Optional<Finding>>... sources) {
        for (Supplier<Optional<Finding>> source : sources) {
            Optional<Finding> found = source.get();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The first health route declared in the app's source files matching {@code sourceFile}, shallowest first. */
    static Optional<Finding> health(Path directory, List<String> firstFiles, Predicate<Path> sourceFile) {
        List<Path> files = new ArrayList<>();
        firstFiles.stream().map(directory::resolve).filter(file -> ProjectFiles.read(file).isPresent())
                .forEach(files::add);
        ProjectFiles.find(directory, SOURCE_DEPTH, MAX_SOURCE_FILES, sourceFile).stream()
                .filter(file -> !files.contains(file)).forEach(files::add);
        return HealthPathScanner.firstIn(directory, files);
    }

    /** A port literal in the app's source files matching {@code sourceFile}, e.g. {@code bind("0.0.0.0:3000")}. */
    static Optional<Finding> portInCode(Path directory, Predicate<Path> sourceFile, List<Pattern> patterns) {
        for (Path file : ProjectFiles.find(directory, SOURCE_DEPTH, MAX_SOURCE_FILES, sourceFile)) {
            String code = ProjectFiles.read(file).orElse("");
            for (Pattern pattern : patterns) {
                Matcher matcher = pattern.matcher(code);
                if (matcher.find()) {
                    int line = ProjectFiles.lineOf(code, matcher.start());
                    String text = code.lines().skip(line - 1).findFirst().orElse("").strip();
                    return Optional.of(PortSources.declaredAt(Integer.parseInt(matcher.group("port")),
                            ProjectFiles.relative(directory, file) + " line " + line + " (" + text + ")"));
                }
            }
        }
        return Optional.empty();
    }

    /** The first group of {@code pattern} in the file's text, with the line it is on. */
    static Optional<Located> find(Path directory, String file, Pattern pattern) {
        return ProjectFiles.read(directory.resolve(file)).flatMap(text -> {
            Matcher matcher = pattern.matcher(text);
            if (!matcher.find()) {
                return Optional.empty();
            }
            int line = ProjectFiles.lineOf(text, matcher.start());
            return Optional.of(new Located(matcher.group(1), file + " line " + line));
        });
    }

    /** A map of {@code keysAndValues} (key, value, key, value, ...) that keeps their order: a table of rules. */
    static Map<String, String> inOrder(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** A value found in a file, and where: {@code Gemfile line 3}. */
    record Located(String value, String where) {
    }
}
