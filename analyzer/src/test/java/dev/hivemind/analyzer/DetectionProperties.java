package dev.hivemind.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.PrivateFiles;
import dev.hivemind.api.TechStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties 8 to 12 over generated apps of every language: each generator writes an app's project files with a
 * random framework, dependencies, database driver, runtime version and build tool, and knows what detection must
 * say about them.
 */
class DetectionProperties {
    /** The frameworks each language may report; {@code none} is allowed for every language. */
    static final Map<String, Set<String>> FRAMEWORKS = Map.of(
            "nodejs", Set.of("express", "fastify", "koa", "hapi", "nestjs", "next", "nuxt", "remix"),
            "python", Set.of("django", "flask", "fastapi", "starlette", "tornado", "aiohttp"));
    /** The build tools each language may report. */
    static final Map<String, Set<String>> BUILD_TOOLS = Map.of(
            "nodejs", Set.of("npm", "yarn", "pnpm", "bun"),
            "python", Set.of("pip", "poetry", "pipenv", "uv"));
    /** A version or a version constraint: {@code 20}, {@code 3.11.7}, {@code >=18}, {@code ^20.11.0}, {@code 20.x}. */
    static final Pattern VERSION = Pattern.compile(
            "(?:[<>=^~!]{0,2}\\s*)?\\d+(?:\\.(?:\\d+|x|\\*))*(?:\\s*,?\\s*[<>=^~!]{1,2}\\s*\\d+(?:\\.(?:\\d+|x|\\*))*)*");

    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    // Feature: autodeploy-agent, Property 8: language from package file
    @Property(tries = 100)
    void theLanguageComesFromThePackageFile(@ForAll("apps") GeneratedApp app) {
        TechStack stack = detect(app);

        assertThat(stack.language()).isEqualTo(app.language());
        assertThat(stack.evidence().getFirst()).startsWith("language " + app.language() + " from ")
                .contains(app.packageFile());
    }

    // Feature: autodeploy-agent, Property 9: framework consistent with language
    @Property(tries = 100)
    void theFrameworkIsOneOfTheLanguages(@ForAll("apps") GeneratedApp app) {
        TechStack stack = detect(app);

        if (app.frameworks().isEmpty()) {
            assertThat(stack.framework()).isEqualTo("none");
        } else {
            assertThat(stack.framework()).isIn(app.frameworks());
        }
        assertThat(stack.framework()).satisfiesAnyOf(
                framework -> assertThat(framework).isEqualTo("none"),
                framework -> assertThat(FRAMEWORKS.get(stack.language())).contains(framework));
    }

    // Feature: autodeploy-agent, Property 10: runtime version format
    @Property(tries = 100)
    void theRuntimeVersionIsAVersionOrAConstraint(@ForAll("apps") GeneratedApp app) {
        TechStack stack = detect(app);

        assertThat(stack.runtimeVersion()).matches(VERSION).isEqualTo(app.runtimeVersion());
    }

    // Feature: autodeploy-agent, Property 11: database detected iff a driver is present
    @Property(tries = 100)
    void aDatabaseIsDetectedIfAndOnlyIfADriverIsPresent(@ForAll("apps") GeneratedApp app) {
        TechStack stack = detect(app);

        assertThat(stack.requiresDatabase()).isEqualTo(app.databaseType().isPresent());
        assertThat(stack.databaseType()).isEqualTo(app.databaseType());
        assertThat(stack.databaseNeedsServer()).isEqualTo(app.databaseType()
                .filter(type -> !TechStack.EMBEDDED_DATABASES.contains(type)).isPresent());
    }

    // Feature: autodeploy-agent, Property 12: build tool matches language
    @Property(tries = 100)
    void theBuildToolMatchesTheLanguage(@ForAll("apps") GeneratedApp app) {
        TechStack stack = detect(app);

        assertThat(BUILD_TOOLS.get(stack.language())).contains(stack.buildTool());
        assertThat(stack.buildTool()).isEqualTo(app.buildTool());
    }

    @Provide
    Arbitrary<GeneratedApp> apps() {
        return Arbitraries.oneOf(nodeApps(), pythonApps());
    }

    private static Arbitrary<GeneratedApp> nodeApps() {
        Arbitrary<List<String>> frameworks = Arbitraries.of("express", "fastify", "koa").list().uniqueElements()
                .ofMaxSize(1);
        Arbitrary<List<String>> others = Arbitraries.of("lodash", "axios", "zod", "dayjs").list().uniqueElements()
                .ofMaxSize(3);
        Arbitrary<Optional<Map.Entry<String, String>>> driver = Arbitraries.of(List.of(Map.entry("pg",
                "postgresql"), Map.entry("mysql2", "mysql"), Map.entry("mongoose", "mongodb"), Map.entry("ioredis",
                "redis"), Map.entry("better-sqlite3", "sqlite"))).optional(0.5);
        Arbitrary<String> version = Arbitraries.of("18", "20", ">=18", "^20.11.0", "20.x", "22.1.0");
        Arbitrary<String> lock = Arbitraries.of("npm", "yarn", "pnpm");
        return Combinators.combine(frameworks, others, driver, version, lock)
                .as((framework, other, db, runtime, tool) -> {
                    List<String> dependencies = new ArrayList<>(framework);
                    dependencies.addAll(other);
                    db.ifPresent(entry -> dependencies.add(entry.getKey()));
                    String deps = String.join(", ", dependencies.stream().map(name -> "\"" + name + "\": \"1\"")
                            .toList());
                    Map<String, String> files = new HashMap<>(Map.of("package.json", "{ \"name\": \"gen\", "
                            + "\"scripts\": { \"start\": \"node server.js\" }, \"engines\": { \"node\": \"" + runtime
                            + "\" }, \"dependencies\": { " + deps + " } }", "server.js", "require('http');\n"));
                    files.put(switch (tool) {
                        case "yarn" -> "yarn.lock";
                        case "pnpm" -> "pnpm-lock.yaml";
                        default -> "package-lock.json";
                    }, tool.equals("npm") ? "{}" : "");
                    return new GeneratedApp("nodejs", "package.json", files, framework,
                            db.map(Map.Entry::getValue), runtime, tool);
                });
    }

    private static Arbitrary<GeneratedApp> pythonApps() {
        Arbitrary<List<String>> frameworks = Arbitraries.of("flask", "django", "fastapi", "tornado", "aiohttp")
                .list().uniqueElements().ofMaxSize(1);
        Arbitrary<List<String>> others = Arbitraries.of("requests", "pydantic", "click").list().uniqueElements()
                .ofMaxSize(2);
        Arbitrary<Optional<Map.Entry<String, String>>> driver = Arbitraries.of(List.of(
                Map.entry("psycopg2-binary", "postgresql"), Map.entry("pymysql", "mysql"),
                Map.entry("pymongo", "mongodb"), Map.entry("redis", "redis"))).optional(0.5);
        Arbitrary<String> version = Arbitraries.of("3.11", "3.12.1", "3.10.14");
        Arbitrary<Boolean> runtimeTxt = Arbitraries.of(true, false);
        return Combinators.combine(frameworks, others, driver, version, runtimeTxt)
                .as((framework, other, db, runtime, heroku) -> {
                    List<String> dependencies = new ArrayList<>(framework);
                    dependencies.addAll(other);
                    db.ifPresent(entry -> dependencies.add(entry.getKey()));
                    Map<String, String> files = new HashMap<>(Map.of(
                            "requirements.txt", String.join("\n", dependencies.stream().map(name -> name + "==1.0")
                                    .toList()) + "\n",
                            "Procfile", "web: python app.py\n", "app.py", "print('hello')\n"));
                    if (heroku) {
                        files.put("runtime.txt", "python-" + runtime + "\n");
                    } else {
                        files.put(".python-version", runtime + "\n");
                    }
                    return new GeneratedApp("python", "requirements.txt", files, framework,
                            db.map(Map.Entry::getValue), runtime, "pip");
                });
    }

    private TechStack detect(GeneratedApp app) {
        return app.inDirectory(analyzer::analyze);
    }

    /**
     * An app's files and what detection must say.
     *
     * @param packageFile  the file the language comes from
     * @param frameworks   the framework dependencies written (the framework must be one of them, or none)
     * @param databaseType the driver's database, when a driver was written
     */
    record GeneratedApp(String language, String packageFile, Map<String, String> files, List<String> frameworks,
                        Optional<String> databaseType, String runtimeVersion, String buildTool) {

        <T> T inDirectory(Function<Path, T> action) {
            Path directory;
            try {
                directory = Files.createTempDirectory("hivemind-generated-");
                for (Map.Entry<String, String> file : files.entrySet()) {
                    Path path = directory.resolve(file.getKey());
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                return action.apply(directory);
            } finally {
                try {
                    PrivateFiles.deleteTree(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public String toString() {
            return language + " app " + files;
        }
    }
}
