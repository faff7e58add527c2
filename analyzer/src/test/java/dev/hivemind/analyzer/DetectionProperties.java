package dev.hivemind.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.TechStack;
import dev.hivemind.api.host.PrivateFiles;
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
            "python", Set.of("django", "flask", "fastapi", "starlette", "tornado", "aiohttp"),
            "go", Set.of("gin", "echo", "fiber", "chi", "gorilla", "net/http"),
            "java", Set.of("spring-boot", "quarkus", "micronaut", "javalin", "dropwizard"));
    /** The build tools each language may report. */
    static final Map<String, Set<String>> BUILD_TOOLS = Map.of(
            "nodejs", Set.of("npm", "yarn", "pnpm", "bun"),
            "python", Set.of("pip", "poetry", "pipenv", "uv"),
            "go", Set.of("go"),
            "java", Set.of("maven", "gradle"));
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
        return Arbitraries.oneOf(nodeApps(), pythonApps(), goApps(), javaApps());
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

    private static Arbitrary<GeneratedApp> goApps() {
        Arbitrary<Optional<Map.Entry<String, String>>> framework = Arbitraries.of(List.of(
                Map.entry("github.com/gin-gonic/gin", "gin"), Map.entry("github.com/labstack/echo/v4", "echo"),
                Map.entry("github.com/gofiber/fiber/v2", "fiber"), Map.entry("github.com/go-chi/chi/v5", "chi"),
                Map.entry("github.com/gorilla/mux", "gorilla"))).optional(0.7);
        Arbitrary<Optional<Map.Entry<String, String>>> driver = Arbitraries.of(List.of(
                Map.entry("github.com/lib/pq", "postgresql"), Map.entry("github.com/jackc/pgx/v5", "postgresql"),
                Map.entry("github.com/go-sql-driver/mysql", "mysql"),
                Map.entry("go.mongodb.org/mongo-driver/mongo", "mongodb"),
                Map.entry("github.com/redis/go-redis/v9", "redis"),
                Map.entry("github.com/mattn/go-sqlite3", "sqlite"))).optional(0.5);
        Arbitrary<Boolean> indirectDecoy = Arbitraries.of(true, false);
        Arbitrary<String> version = Arbitraries.of("1.19", "1.21", "1.22.3");
        return Combinators.combine(framework, driver, indirectDecoy, version).as((web, db, decoy, runtime) -> {
            List<String> imports = new ArrayList<>(List.of("net/http"));
            web.ifPresent(entry -> imports.add(entry.getKey()));
            db.ifPresent(entry -> imports.add(entry.getKey()));
            StringBuilder mod = new StringBuilder("module example.com/gen\n\ngo " + runtime + "\n\nrequire (\n");
            imports.stream().filter(path -> path.contains(".")).forEach(path -> mod.append("\t").append(path)
                    .append(" v1.0.0\n"));
            if (decoy) {
                mod.append("\tgithub.com/lib/pq v1.10.9 // indirect\n");
            }
            mod.append(")\n");
            String main = "package main\n\nimport (\n" + String.join("", imports.stream().map(path -> "\t"
                    + (path.equals("net/http") ? "" : "_ ") + "\"" + path + "\"\n").toList())
                    + ")\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n";
            return new GeneratedApp("go", "go.mod", Map.of("go.mod", mod.toString(), "main.go", main),
                    List.of(web.map(Map.Entry::getValue).orElse("net/http")), db.map(Map.Entry::getValue), runtime,
                    "go");
        });
    }

    private static Arbitrary<GeneratedApp> javaApps() {
        Arbitrary<Optional<Map.Entry<String, String>>> framework = Arbitraries.of(List.of(
                Map.entry("org.springframework.boot:spring-boot-starter-web", "spring-boot"),
                Map.entry("io.quarkus:quarkus-rest", "quarkus"),
                Map.entry("io.micronaut:micronaut-http-server-netty", "micronaut"),
                Map.entry("io.javalin:javalin", "javalin"),
                Map.entry("io.dropwizard:dropwizard-core", "dropwizard"))).optional(0.7);
        Arbitrary<Optional<Map.Entry<String, String>>> driver = Arbitraries.of(List.of(
                Map.entry("org.postgresql:postgresql", "postgresql"), Map.entry("com.mysql:mysql-connector-j", "mysql"),
                Map.entry("org.mongodb:mongodb-driver-sync", "mongodb"), Map.entry("redis.clients:jedis", "redis"),
                Map.entry("com.h2database:h2", "h2"), Map.entry("org.xerial:sqlite-jdbc", "sqlite"))).optional(0.5);
        Arbitrary<Boolean> testScopedDecoy = Arbitraries.of(true, false);
        Arbitrary<String> version = Arbitraries.of("11", "17", "21");
        return Combinators.combine(framework, driver, testScopedDecoy, version).as((web, db, decoy, runtime) -> {
            StringBuilder dependencies = new StringBuilder();
            web.ifPresent(entry -> dependencies.append(dependency(entry.getKey(), "compile")));
            db.ifPresent(entry -> dependencies.append(dependency(entry.getKey(), "runtime")));
            if (decoy) {
                dependencies.append(dependency("org.postgresql:postgresql", "test"));
            }
            String pom = "<project><modelVersion>4.0.0</modelVersion><groupId>gen</groupId><artifactId>gen"
                    + "</artifactId><version>1</version><properties><maven.compiler.release>" + runtime
                    + "</maven.compiler.release></properties><dependencies>" + dependencies
                    + "</dependencies></project>\n";
            return new GeneratedApp("java", "pom.xml", Map.of("pom.xml", pom),
                    web.map(entry -> List.of(entry.getValue())).orElse(List.of()), db.map(Map.Entry::getValue),
                    runtime, "maven");
        });
    }

    private static String dependency(String coordinates, String scope) {
        String[] parts = coordinates.split(":");
        return "<dependency><groupId>" + parts[0] + "</groupId><artifactId>" + parts[1] + "</artifactId>"
                + "<version>1.0</version><scope>" + scope + "</scope></dependency>";
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
