package dev.hivemind.analyzer.stack.go;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.FixedPort;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go detection through the analyzer. The framework fixtures (src/test/resources/fixtures/go-*) hold only go.mod and
 * .go sources and are never built; GoArtifactBuilderIT builds for real.
 */
class GoDetectorTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path dir;

    @Nested
    class Frameworks {

        @Test
        void gin() {
            TechStack stack = analyzer.analyze(fixture("go-gin"));

            assertThat(stack.language()).isEqualTo("go");
            assertThat(stack.framework()).isEqualTo("gin");
            assertThat(stack.runtimeVersion()).isEqualTo("1.21");
            assertThat(stack.dependencies()).containsExactly("github.com/gin-gonic/gin", "github.com/lib/pq");
            assertThat(stack.requiresDatabase()).isTrue();
            assertThat(stack.databaseType()).contains("postgresql");
            assertThat(stack.buildTool()).isEqualTo("go");
            assertThat(stack.startCommand()).isEqualTo("./app");
            assertThat(stack.port()).contains(8080);
            assertThat(stack.fixedPort()).map(FixedPort::evidence).contains("port 8080 from \":8080\" passed to Run "
                    + "in main.go line 21 (the app does not read PORT, so it listens there whatever the target sets)");
            assertThat(stack.healthCheckPath()).contains("/health");
            assertThat(stack.buildCommand()).isEmpty();
            assertThat(stack.evidence()).containsExactly(
                    "language go from go.mod (module example.com/shop)",
                    "runtime_version 1.21 from go.mod go directive",
                    "framework gin from the import of github.com/gin-gonic/gin in main.go (go.mod requires "
                            + "github.com/gin-gonic/gin v1.9.1)",
                    "database_type postgresql from the import of github.com/lib/pq in main.go",
                    "build_tool go from go.mod",
                    "main_package .: the module root is package main with func main()",
                    "start_command './app' runs the binary go build makes of .",
                    "port 8080 from \":8080\" passed to Run in main.go line 21 (the app does not read PORT, so it "
                            + "listens there whatever the target sets)",
                    "health_check_path /health from main.go line 20",
                    "dependencies 2 from go.mod require (without // indirect)");
        }

        @Test
        void echo() {
            TechStack stack = analyzer.analyze(fixture("go-echo"));

            assertThat(stack.framework()).isEqualTo("echo");
            assertThat(stack.runtimeVersion()).isEqualTo("1.22.1");
            assertThat(stack.databaseType()).contains("postgresql");
            assertThat(stack.port()).contains(1323);
            assertThat(stack.healthCheckPath()).contains("/healthz");
            assertThat(stack.evidence()).contains(
                    "framework echo from the import of github.com/labstack/echo/v4 in main.go (go.mod requires "
                            + "github.com/labstack/echo/v4 v4.11.4)",
                    "database_type postgresql from the import of github.com/jackc/pgx/v5/pgxpool in main.go",
                    "port 1323 from \":1323\" passed to Start in main.go line 23 (the app does not read PORT, so "
                            + "it listens there whatever the target sets)");
        }

        @Test
        void fiber() {
            TechStack stack = analyzer.analyze(fixture("go-fiber"));

            assertThat(stack.framework()).isEqualTo("fiber");
            assertThat(stack.runtimeVersion()).isEqualTo("1.20");
            assertThat(stack.databaseType()).contains("mongodb");
            assertThat(stack.port()).contains(3000);
            assertThat(stack.healthCheckPath()).contains("/up");
            assertThat(stack.evidence()).contains("health_check_path /up from main.go line 20",
                    "database_type mongodb from the import of go.mongodb.org/mongo-driver/mongo in main.go");
        }

        @Test
        void chi() {
            TechStack stack = analyzer.analyze(fixture("go-chi"));

            assertThat(stack.framework()).isEqualTo("chi");
            assertThat(stack.databaseType()).contains("redis");
            assertThat(stack.databaseNeedsServer()).isTrue();
            assertThat(stack.port()).as("the default of getEnv(\"PORT\", ...), not redis's Addr").contains(4000);
            assertThat(stack.healthCheckPath()).contains("/healthz");
            assertThat(stack.evidence()).contains("port 4000 from the default for PORT in main.go line 26 (the app "
                    + "reads PORT, which the target sets)");
        }

        @Test
        void gorilla() {
            TechStack stack = analyzer.analyze(fixture("go-gorilla"));

            assertThat(stack.framework()).isEqualTo("gorilla");
            assertThat(stack.databaseType()).contains("mysql");
            assertThat(stack.port()).contains(8000);
            assertThat(stack.healthCheckPath()).contains("/health");
            assertThat(stack.evidence()).contains("port 8000 from \"0.0.0.0:8000\" set as http.Server's Addr in "
                    + "main.go line 23 (the app does not read PORT, so it listens there whatever the target sets)");
        }

        @Test
        void netHttp() {
            TechStack stack = analyzer.analyze(fixture("go-nethttp"));

            assertThat(stack.framework()).isEqualTo("net/http");
            assertThat(stack.databaseType()).contains("sqlite");
            assertThat(stack.databaseNeedsServer()).isFalse();
            assertThat(stack.port()).contains(3000);
            assertThat(stack.healthCheckPath()).contains("/healthz");
            assertThat(stack.evidence()).contains("framework net/http from the import of net/http in main.go",
                    "database_type sqlite from the import of modernc.org/sqlite in main.go",
                    "health_check_path /healthz from main.go line 17");
        }

        @Test
        void noneWithoutAnHttpImport() {
            write(dir, "go.mod", "module example.com/worker\n\ngo 1.19\n\nrequire github.com/gin-gonic/gin v1.9.1\n");
            write(dir, "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"tick\") }\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.framework()).isEqualTo("none");
            assertThat(stack.evidence()).contains("framework none: the main package and the packages it imports "
                    + "import none of github.com/gin-gonic/gin, github.com/labstack/echo, github.com/gofiber/fiber, "
                    + "github.com/go-chi/chi, github.com/gorilla/mux, github.com/julienschmidt/httprouter, net/http; "
                    + "go.mod lists "
                    + "github.com/gin-gonic/gin but no package of the app imports it");
        }
    }

    @Nested
    class MainPackage {

        @Test
        void inCmdIsTheOneNamedLikeTheModuleAndItsImportsGiveTheAnswers() {
            TechStack stack = analyzer.analyze(fixture("go-cmd-layout"));

            assertThat(stack.runtimeVersion()).isEqualTo("1.21.6");
            assertThat(stack.framework()).isEqualTo("gin");
            assertThat(stack.databaseType()).as("pgx in internal/store, not the migrate tool's driver nor redis "
                    + "imported by a test").contains("postgresql");
            assertThat(stack.port()).contains(9090);
            assertThat(stack.healthCheckPath()).contains("/healthz");
            assertThat(stack.dependencies()).containsExactly("github.com/gin-gonic/gin", "github.com/jackc/pgx/v5",
                    "github.com/golang-migrate/migrate/v4");
            assertThat(stack.evidence()).contains(
                    "main_package ./cmd/shop: cmd/shop, of the 3 packages main (cmd/migrate, cmd/shop, cmd/worker), "
                            + "is the one named like the module's last path element shop",
                    "start_command './app' runs the binary go build makes of ./cmd/shop",
                    "framework gin from the import of github.com/gin-gonic/gin in internal/server/server.go (go.mod "
                            + "requires github.com/gin-gonic/gin v1.9.1)",
                    "database_type postgresql from the import of github.com/jackc/pgx/v5/pgxpool in "
                            + "internal/store/store.go",
                    "port 9090 from the default for PORT in cmd/shop/main.go line 13 (the app reads PORT, which the "
                            + "target sets)",
                    "health_check_path /healthz from internal/server/server.go line 14");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "server | cmd/server | cmd/cli, cmd/server, cmd/zz",
            "api    | cmd/api    | cmd/api, cmd/cli, cmd/zz",
            "web    | cmd/web    | cmd/cli, cmd/web, cmd/zz"})
        void inCmdIsTheServerWhenNoneIsNamedLikeTheModule(String name, String chosen, String all) {
            write(dir, "go.mod", "module example.com/platform\n\ngo 1.19\n");
            write(dir, "cmd/cli/main.go", "package main\n\nfunc main() {}\n");
            write(dir, "cmd/" + name + "/main.go", "package main\n\nfunc main() {}\n");
            write(dir, "cmd/zz/main.go", "package main\n\nfunc main() {}\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.evidence()).contains("main_package ./" + chosen + ": " + chosen + ", of the 3 packages "
                    + "main (" + all + "), is the one named " + name);
        }

        @Test
        void inCmdIsTheFirstByNameWhenNoneIsPreferredAndTheEvidenceSaysSo() {
            write(dir, "go.mod", "module example.com/platform\n\ngo 1.19\n");
            write(dir, "cmd/worker/main.go", "package main\n\nfunc main() {}\n");
            write(dir, "cmd/beta/main.go", "package main\n\nfunc main() {}\n");
            write(dir, "examples/alpha/main.go", "package main\n\nfunc main() {}\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.evidence()).contains("main_package ./cmd/beta: cmd/beta is the first under cmd/ of the 3 "
                    + "packages main (cmd/beta, cmd/worker, examples/alpha): none is named platform, server, api, web");
        }

        @Test
        void inASubDirectoryWithoutItsOwnGoModIgnoringWhatTheGoCommandIgnores() {
            TechStack stack = analyzer.analyze(fixture("go-subdirectory"));

            assertThat(stack.language()).isEqualTo("go");
            assertThat(stack.framework()).isEqualTo("net/http");
            assertThat(stack.databaseType()).as("lib/pq is only imported by the nested tools module").isEmpty();
            assertThat(stack.port()).contains(7000);
            assertThat(stack.healthCheckPath()).contains("/status");
            assertThat(stack.evidence()).contains(
                    "main_package ./services/api: services/api is the only package main with func main() in the "
                            + "module",
                    "health_check_path /status from services/api/main.go line 11");
        }

        @Test
        void isNotInANestedModuleWhoseGoModIsNotAtTheRoot() {
            write(dir, "package.json", "{\"name\": \"site\", \"scripts\": {\"start\": \"node server.js\"}}");
            write(dir, "server.js", "");
            write(dir, "tools/go.mod", "module example.com/tools\n\ngo 1.19\n");
            write(dir, "tools/main.go", "package main\n\nfunc main() {}\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.language()).isEqualTo("nodejs");
        }

        @Test
        void refusesALibraryModuleWithARemediation() {
            write(dir, "go.mod", "module example.com/lib\n\ngo 1.19\n");
            write(dir, "lib.go", "package lib\n\nfunc main() {}\n");
            write(dir, "cmd/tool/main_test.go", "package main\n\nfunc main() {}\n");

            assertThatThrownBy(() -> analyzer.analyze(dir))
                    .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                        assertThat(error.getMessage()).isEqualTo("the Go module example.com/lib in " + dir
                                + " has no package main with func main() (it has 1 package outside tests, vendor "
                                + "and nested modules), so there is no program to build");
                        assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                        assertThat(error.remediation()).contains("package main with func main() at the module "
                                + "root or in cmd/<name>/");
                    });
        }

        @Test
        void namesTheBinaryOtherwiseWhenTheSourceHasAnAppDirectory() {
            write(dir, "go.mod", "module example.com/svc\n\ngo 1.19\n");
            write(dir, "main.go", "package main\n\nimport \"example.com/svc/app\"\n\nfunc main() { app.Run() }\n");
            write(dir, "app/app.go", "package app\n\nfunc Run() {}\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo("./hivemind-app");
            assertThat(stack.evidence()).contains("start_command './hivemind-app' runs the binary go build makes of ."
                    + " (named hivemind-app because the source has a directory called app)");
        }
    }

    @Nested
    class Database {

        @Test
        void isNotRequiredByAnIndirectRequirementACommentedImportOrATestImport() {
            TechStack stack = analyzer.analyze(fixture("go-indirect-decoy"));

            assertThat(stack.requiresDatabase()).isFalse();
            assertThat(stack.databaseType()).isEmpty();
            assertThat(stack.framework()).as("gin is required but never imported").isEqualTo("net/http");
            assertThat(stack.dependencies()).containsExactly("github.com/gin-gonic/gin");
            assertThat(stack.evidence()).contains("requires_database false: the main package and the packages it "
                    + "imports import no database driver (github.com/lib/pq, github.com/jackc/pgx, "
                    + "gorm.io/driver/postgres, github.com/jinzhu/gorm/dialects/postgres, "
                    + "github.com/go-sql-driver/mysql, gorm.io/driver/mysql, github.com/jinzhu/gorm/dialects/mysql, "
                    + "go.mongodb.org/mongo-driver, github.com/redis/go-redis, github.com/go-redis/redis, "
                    + "github.com/mattn/go-sqlite3, modernc.org/sqlite, gorm.io/driver/sqlite, "
                    + "github.com/jinzhu/gorm/dialects/sqlite, github.com/glebarez/sqlite); go.mod lists github.com/lib/pq // indirect, "
                    + "github.com/go-sql-driver/mysql // indirect but no package of the app imports them");
        }

        @ParameterizedTest
        @CsvSource({
            "github.com/lib/pq, postgresql", "github.com/jackc/pgx/v4/stdlib, postgresql",
            "gorm.io/driver/postgres, postgresql", "github.com/go-sql-driver/mysql, mysql",
            "gorm.io/driver/mysql, mysql", "go.mongodb.org/mongo-driver/mongo, mongodb",
            "github.com/redis/go-redis/v9, redis", "github.com/go-redis/redis/v8, redis",
            "github.com/mattn/go-sqlite3, sqlite", "modernc.org/sqlite, sqlite", "gorm.io/driver/sqlite, sqlite"})
        void isTheDriverImported(String driver, String type) {
            write(dir, "go.mod", "module example.com/app\n\ngo 1.19\n");
            write(dir, "main.go", "package main\n\nimport (\n\t\"net/http\"\n\n\t_ \"" + driver + "\"\n)\n\n"
                    + "func main() { http.ListenAndServe(\":8080\", nil) }\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.databaseType()).contains(type);
            assertThat(stack.evidence()).contains("database_type " + type + " from the import of " + driver
                    + " in main.go");
        }

        @Test
        void isNotADriverWhoseNameOnlyStartsTheSame() {
            write(dir, "go.mod", "module example.com/app\n\ngo 1.19\n");
            write(dir, "main.go", "package main\n\nimport _ \"github.com/lib/pqx\"\n\nfunc main() {}\n");

            assertThat(analyzer.analyze(dir).databaseType()).isEmpty();
        }
    }

    @Nested
    class RuntimeVersion {

        @Test
        void comesFromTheToolchainDirectiveFirst() {
            TechStack stack = analyzer.analyze(fixture("go-toolchain"));

            assertThat(stack.runtimeVersion()).isEqualTo("1.21.5");
            assertThat(stack.evidence()).contains("runtime_version 1.21.5 from go.mod toolchain directive (its go "
                    + "directive asks for at least 1.21)");
        }

        @Test
        void isTheGoCommandsAssumptionWithoutAGoDirective() {
            write(dir, "go.mod", "module example.com/old\n");
            write(dir, "main.go", "package main\n\nfunc main() {}\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.runtimeVersion()).isEqualTo("1.16");
            assertThat(stack.evidence()).contains("runtime_version 1.16 is the default: go.mod has no go directive, "
                    + "and the go command then assumes go 1.16");
        }

        @Test
        void refusesAGoDirectiveThatIsNotAVersion() {
            write(dir, "go.mod", "module example.com/bad\n\ngo banana\n");

            assertThatThrownBy(() -> analyzer.analyze(dir))
                    .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                        assertThat(error.getMessage()).isEqualTo(dir.resolve("go.mod") + " cannot be used: line 3: "
                                + "the go directive 'banana' is not a Go version such as 1.22");
                        assertThat(error.remediation()).contains("go mod edit -go=1.22");
                    });
        }

        @Test
        void refusesAGoModWithoutAModuleDirective() {
            write(dir, "go.mod", "go 1.21\n");

            assertThatThrownBy(() -> analyzer.analyze(dir)).isInstanceOf(InvalidInputException.class)
                    .hasMessage(dir.resolve("go.mod") + " cannot be used: it has no module directive");
        }
    }

    @Nested
    class HealthPath {

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "r.GET(\"/healthz\", h)                               | /healthz",
            "r.Get(`/up`, h)                                        | /up",
            "mux.HandleFunc(\"GET /health\", h)                   | /health",
            "http.Handle(\"/api/health\", h)                      | /api/health",
            "if r.URL.Path == \"/livez\" { }                      | /livez",
            "switch r.URL.Path { case \"/readyz\": }              | /readyz"})
        void isTheRouteTheMainPackageDeclares(String declaration, String path) {
            write(dir, "go.mod", "module example.com/app\n\ngo 1.19\n");
            write(dir, "main.go", "package main\n\nimport \"net/http\"\n\nfunc main() {\n\t" + declaration
                    + "\n}\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.healthCheckPath()).contains(path);
            assertThat(stack.evidence()).contains("health_check_path " + path + " from main.go line 6");
        }

        @Test
        void isNotARouteOfAPackageTheMainPackageDoesNotImport() {
            write(dir, "go.mod", "module example.com/app\n\ngo 1.19\n");
            write(dir, "main.go", "package main\n\nimport \"net/http\"\n\n"
                    + "func main() { http.HandleFunc(\"/\", nil) }\n");
            write(dir, "internal/admin/admin.go", "package admin\n\nimport \"net/http\"\n\n"
                    + "func Routes() { http.HandleFunc(\"/healthz\", nil) }\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.healthCheckPath()).isEmpty();
            assertThat(stack.evidence()).contains("health_check_path none: no health route (such as /health, "
                    + "/healthz or /up) is declared in the main package or the packages it imports");
        }
    }

    @Nested
    class Port {

        @Test
        void isNotDeclaredWhenTheAppReadsPortWithoutADefault() {
            TechStack stack = analyzer.analyze(fixture("go-toolchain"));

            assertThat(stack.port()).isEmpty();
            assertThat(stack.evidence()).contains("port none declared: the app reads PORT in main.go line 9 (the "
                    + "target sets it) and gives no default");
        }

        @Test
        void aConstantPassedToTheListenCallPinsTheAppUnlessItReadsPort() {
            write(dir, "go.mod", "module example.com/app\n\ngo 1.19\n");
            write(dir, "main.go", "package main\n\nimport \"net/http\"\n\nconst addr = \":8090\"\n\n"
                    + "func main() { http.ListenAndServe(addr, nil) }\n");

            TechStack pinned = analyzer.analyze(dir);

            assertThat(pinned.fixedPort()).map(FixedPort::port).contains(8090);
            assertThat(pinned.fixedPort().orElseThrow().evidence()).startsWith("port 8090 from the constant addr in "
                    + "main.go line 5");

            write(dir, "main.go", "package main\n\nimport (\"net/http\"; \"os\")\n\nconst addr = \":8090\"\n\n"
                    + "func main() { _ = os.Getenv(\"PORT\"); http.ListenAndServe(addr, nil) }\n");

            assertThat(analyzer.analyze(dir).fixedPort()).as("it reads PORT").isEmpty();
        }

        @Test
        void isNotTakenFromAPortOutOfRange() {
            write(dir, "go.mod", "module example.com/app\n\ngo 1.19\n");
            write(dir, "main.go", "package main\n\nimport \"net/http\"\n\n"
                    + "func main() { http.ListenAndServe(\":99999\", nil) }\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).isEmpty();
            assertThat(stack.evidence()).anyMatch(line -> line.startsWith("port none: "));
        }
    }

    @Test
    void describesTheExample() {
        TechStack stack = analyzer.analyze(example("go-nethttp"));

        assertThat(stack.language()).isEqualTo("go");
        assertThat(stack.framework()).isEqualTo("net/http");
        assertThat(stack.runtimeVersion()).isEqualTo("1.19");
        assertThat(stack.dependencies()).isEmpty();
        assertThat(stack.requiresDatabase()).isFalse();
        assertThat(stack.startCommand()).isEqualTo("./app");
        assertThat(stack.port()).contains(8080);
        assertThat(stack.healthCheckPath()).contains("/healthz");
    }

    @Test
    void theBuildToolEvidenceNamesVendoredModules() {
        write(dir, "go.mod", "module example.com/app\n\ngo 1.19\n");
        write(dir, "main.go", "package main\n\nfunc main() {}\n");
        write(dir, "vendor/modules.txt", "");

        assertThat(analyzer.analyze(dir).evidence()).contains("build_tool go from go.mod, with the modules vendored "
                + "in vendor/modules.txt");
    }

    @Test
    void goIsAskedBeforeNodeAndPython() {
        write(dir, "go.mod", "module example.com/app\n\ngo 1.19\n");
        write(dir, "main.go", "package main\n\nfunc main() {}\n");
        write(dir, "package.json", "{\"name\": \"assets\", \"scripts\": {\"start\": \"node x.js\"}}");
        write(dir, "requirements.txt", "flask\n");

        assertThat(analyzer.analyze(dir).language()).isEqualTo("go");
    }

    @Test
    void requiresTheGoCommand() {
        TechStack stack = new TechStack("go", "gin", "1.22", java.util.List.of(), false, Optional.empty(), "go",
                "./app", Optional.empty(), java.util.List.of());

        assertThat(analyzer.requiredTools(stack)).containsExactly(new ToolRequirement("go", "version",
                "apt-get install golang-go (the app asks for Go 1.22)"));
    }

    static Path fixture(String name) {
        try {
            return Path.of(GoDetectorTest.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path example(String name) {
        Path here = Path.of("").toAbsolutePath();
        Path repository = here.getFileName().toString().equals("analyzer") ? here.getParent() : here;
        return repository.resolve("examples").resolve(name);
    }
}
