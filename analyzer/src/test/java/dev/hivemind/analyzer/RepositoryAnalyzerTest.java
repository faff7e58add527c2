package dev.hivemind.analyzer;

import static dev.hivemind.analyzer.Fixtures.app;
import static dev.hivemind.analyzer.Fixtures.packageJson;
import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.stack.node.NodeRuntime;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepositoryAnalyzerTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path dir;

    @Test
    void describesAPlainNodeApp() {
        // given
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");

        // when
        TechStack stack = analyzer.analyze(dir);

        // then
        assertThat(stack.language()).isEqualTo("nodejs");
        assertThat(stack.framework()).isEqualTo("none");
        assertThat(stack.runtimeVersion()).isEqualTo("20");
        assertThat(stack.dependencies()).isEmpty();
        assertThat(stack.requiresDatabase()).isFalse();
        assertThat(stack.databaseType()).isEmpty();
        assertThat(stack.buildTool()).isEqualTo("npm");
        assertThat(stack.startCommand()).isEqualTo("npm start");
        assertThat(stack.healthCheckPath()).isEmpty();
    }

    @Test
    void givesOneEvidenceLinePerAnswer() {
        app(dir, "\"engines\": { \"node\": \">=18\" }, \"dependencies\": { \"express\": \"^4\", \"pg\": \"^8\" },"
                + " \"scripts\": { \"start\": \"node server.js\" }");
        write(dir, "yarn.lock", "");
        write(dir, "server.js", "const app = require('express')();\napp.get('/healthz', (q, s) => s.send('ok'));\n");
        write(dir, "db.js", "const { Pool } = require('pg');\nmodule.exports = new Pool();\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.evidence()).containsExactly(
                "language nodejs from package.json",
                "runtime_version >=18 from package.json engines.node",
                "framework express from package.json dependencies.express",
                "database_type postgresql from package.json dependencies.pg, imported in db.js",
                "build_tool yarn from yarn.lock",
                "start_command 'yarn start' from package.json scripts.start (node server.js)",
                "health_check_path /healthz from server.js line 2",
                "port none: neither the start command nor the code names a port (such as process.env.PORT || 3000 "
                        + "or listen(3000))",
                "dependencies 2 from package.json dependencies");
    }

    @Test
    void listsDependenciesInFileOrderWithoutDevDependencies() {
        app(dir, "\"dependencies\": { \"zod\": \"3\", \"express\": \"4\", \"axios\": \"1\" },"
                + " \"devDependencies\": { \"jest\": \"29\", \"pg\": \"8\", \"fastify\": \"4\" }");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.dependencies()).containsExactly("zod", "express", "axios");
        assertThat(stack.framework()).isEqualTo("express");
        assertThat(stack.requiresDatabase()).isFalse();
    }

    @Test
    void refusesADirectoryNoDetectorRecognizesSayingWhatItLookedForAndWhatIsSupported() {
        write(dir, "main.py", "print('hi')\n");
        write(dir, "README.md", "# not an app HiveMind knows\n");

        assertThatThrownBy(() -> analyzer.analyze(dir))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                    assertThat(error.getMessage()).startsWith("no app HiveMind can deploy in " + dir.toAbsolutePath()
                            + ": it looked for pom.xml, build.gradle, build.gradle.kts or settings.gradle[.kts] "
                            + "(Java); go.mod (Go); ").contains("package.json (Node.js)", "requirements*.txt, pyproject.toml, "
                            + "Pipfile, setup.py, setup.cfg, or a Procfile beside app.py, main.py, server.py, wsgi.py "
                            + "or manage.py (Python)", "(static site) and found none")
                            .endsWith("HiveMind deploys Java, Go, Python, Node.js and static site apps.");
                    assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                    assertThat(error.remediation()).contains("package.json").contains("requirements.txt")
                            .contains("Procfile");
                });
    }

    @Test
    void asksPythonBeforeNodeSoADjangoAppWithAnAssetsToolchainIsPython() {
        packageJson(dir, "\"scripts\": { \"build\": \"webpack --mode production\" },"
                + " \"devDependencies\": { \"webpack\": \"5\", \"tailwindcss\": \"3\" }");
        write(dir, "requirements.txt", "Django>=5\n");
        write(dir, "manage.py", "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.language()).isEqualTo("python");
        assertThat(stack.framework()).isEqualTo("django");
        assertThat(stack.evidence()).contains("language python, not nodejs: package.json is beside, but manage.py "
                + "makes this a Python app; its scripts.build (webpack --mode production) is not run by the Python "
                + "build: set it as the build command in hivemind.yaml to build the assets");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "requirements.txt|mkdocs-material==9.5\\nmkdocs\\n",
        "pyproject.toml|[tool.black]\\nline-length = 100\\n",
        "setup.cfg|[flake8]\\nmax-line-length = 100\\n"})
    void keepsANodeAppWithPythonToolingBesideItNode(String file, String content) {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        write(dir, file, content.replace("\\n", "\n"));
        write(dir, "scripts/release.py", "import requests\n");
        write(dir, "docs/requirements.txt", "mkdocs\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.language()).isEqualTo("nodejs");
        assertThat(stack.startCommand()).isEqualTo("npm start");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "requirements.txt | fastapi\\nuvicorn  | main.py  | app = FastAPI()             | python",
        "requirements.txt | requests           | Procfile | web: gunicorn service:app   | python",
        "pyproject.toml   | [project]\\ndependencies = [\"gunicorn\"] | Procfile | web: bin/start-web | python",
        "requirements.txt | requests           | Procfile | web: node server.js         | nodejs",
        "requirements.txt | requests           | README.md | app.py is not here         | nodejs"})
    void decidesBetweenPythonAndNodeByPythonAppSignals(String projectFile, String content, String other,
                                                       String otherContent, String language) {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        write(dir, projectFile, content.replace("\\n", "\n") + "\n");
        write(dir, other, otherContent + "\n");
        write(dir, "service.py", "");

        assertThat(analyzer.analyze(dir).language()).isEqualTo(language);
    }

    @Test
    void recognizesAPythonAppWhenThereIsNoPackageJson() {
        write(dir, "requirements.txt", "flask\n");
        write(dir, "app.py", "print('hi')\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.language()).isEqualTo("python");
        assertThat(analyzer.requiredTools(stack)).extracting(ToolRequirement::command).containsExactly("python3");
    }

    @Test
    void refusesAMissingDirectory() {
        assertThatThrownBy(() -> analyzer.analyze(dir.resolve("gone")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("there is no directory " + dir.resolve("gone"));
    }

    @Nested
    class MalformedPackageJson {

        @Test
        void quotesTheJsonParseProblemWithItsPlace() {
            write(dir, "package.json", "{\n  \"name\": \"broken\",\n}\n");

            assertThatThrownBy(() -> analyzer.analyze(dir))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(dir.resolve("package.json") + " cannot be used: it is not valid JSON: ")
                    .hasMessageContaining("Unexpected character ('}'")
                    .hasMessageContaining("(line 3, column 1)");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "[1, 2]                                  | its top level is an array, not an object",
            "{\"scripts\": \"node x.js\"}             | scripts is the value \"node x.js\", not an object",
            "{\"scripts\": {\"start\": 1}}            | scripts.start is the value 1, not a string",
            "{\"engines\": {\"node\": 20}}            | engines.node is the value 20, not a string",
            "{\"dependencies\": [\"express\"]}        | dependencies is an array, not an object",
            "{\"main\": {\"file\": \"a.js\"}}         | main is an object, not a string",
            "{} {}                                   | it is not valid JSON",
            "''                                      | the file is empty"})
        void namesTheFieldThatIsWrong(String content, String problem) {
            write(dir, "package.json", content.equals("''") ? "" : content);
            write(dir, "server.js", "");

            assertThatThrownBy(() -> analyzer.analyze(dir))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(problem)
                    .extracting(error -> ((InvalidInputException) error).remediation()).asString()
                    .contains("Fix package.json");
        }
    }

    @Nested
    class RuntimeVersion {

        @Test
        void comesFromEnginesNodeFirst() {
            app(dir, "\"engines\": { \"node\": \"18.x\" }");
            write(dir, ".nvmrc", "22\n");
            write(dir, ".node-version", "21\n");

            assertThat(analyzer.analyze(dir).runtimeVersion()).isEqualTo("18.x");
        }

        @Test
        void thenFromNvmrcWithoutTheVPrefix() {
            app(dir, "");
            write(dir, ".nvmrc", "# pinned\n\nv22.11.0\n");
            write(dir, ".node-version", "21\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.runtimeVersion()).isEqualTo("22.11.0");
            assertThat(stack.evidence()).contains("runtime_version 22.11.0 from .nvmrc");
        }

        @Test
        void thenFromNodeVersion() {
            app(dir, "");
            write(dir, ".nvmrc", "\n");
            write(dir, ".node-version", "21.1\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.runtimeVersion()).isEqualTo("21.1");
            assertThat(stack.evidence()).contains("runtime_version 21.1 from .node-version");
        }

        @Test
        void elseIsTheDefaultAndSaysSo() {
            app(dir, "\"engines\": { \"npm\": \">=9\" }");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.runtimeVersion()).isEqualTo(NodeRuntime.DEFAULT_VERSION).isEqualTo("20");
            assertThat(stack.evidence()).contains("runtime_version 20 is the default: package.json has no "
                    + "engines.node or volta.node and there is no .nvmrc, .node-version or nodejs line in "
                    + ".tool-versions");
        }
    }

    @Nested
    class Framework {

        @ParameterizedTest
        @CsvSource({
            "@nestjs/core, nestjs", "next, next", "nuxt, nuxt", "@remix-run/node, remix", "@sveltejs/kit, sveltekit",
            "astro, astro", "fastify, fastify", "koa, koa", "@hapi/hapi, hapi", "express, express", "lodash, none"})
        void comesFromTheDependencies(String dependency, String framework) {
            app(dir, "\"dependencies\": { \"" + dependency + "\": \"1.0.0\" }");

            assertThat(analyzer.analyze(dir).framework()).isEqualTo(framework);
        }

        @Test
        void prefersTheSpecificFrameworkOverTheGenericOneItRunsOn() {
            app(dir, "\"dependencies\": { \"express\": \"4\", \"@nestjs/platform-express\": \"10\","
                    + " \"@nestjs/core\": \"10\" }");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.framework()).isEqualTo("nestjs");
            assertThat(stack.evidence()).contains("framework nestjs from package.json dependencies.@nestjs/core");
        }

        @Test
        void saysWhatItLookedForWhenThereIsNone() {
            app(dir, "");

            assertThat(analyzer.analyze(dir).evidence()).contains("framework none: package.json dependencies hold "
                    + "none of @nestjs/core, next, nuxt, @remix-run/*, @sveltejs/kit, astro, fastify, koa, @hapi/hapi, "
                    + "hono, @feathersjs/feathers, express");
        }

        @ParameterizedTest
        @CsvSource({"nuxt, nuxt", "@sveltejs/kit, sveltekit", "@remix-run/dev, remix", "next, next", "astro, astro"})
        void ofAMetaFrameworkComesFromDevDependenciesToo(String dependency, String framework) {
            app(dir, "\"devDependencies\": { \"" + dependency + "\": \"1.0.0\" },"
                    + " \"dependencies\": { \"express\": \"4\" }");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.framework()).isEqualTo(framework);
            assertThat(stack.evidence()).contains("framework " + framework + " from package.json devDependencies."
                    + dependency);
        }
    }

    @Nested
    class Database {

        @ParameterizedTest
        @CsvSource({
            "pg, postgresql", "postgres, postgresql", "mysql, mysql", "mysql2, mysql", "mongodb, mongodb",
            "mongoose, mongodb", "redis, redis", "ioredis, redis", "sqlite3, sqlite", "better-sqlite3, sqlite"})
        void isRequiredWhenADriverIsADependencyTheCodeImports(String driver, String type) {
            app(dir, "\"dependencies\": { \"express\": \"4\", \"" + driver + "\": \"1\" }");
            write(dir, "src/lib/db.mjs", "import client from '" + driver + "';\nexport default client;\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.requiresDatabase()).isTrue();
            assertThat(stack.databaseType()).contains(type);
            assertThat(stack.evidence()).contains("database_type " + type + " from package.json dependencies."
                    + driver + ", imported in src/lib/db.mjs");
        }

        @Test
        void aDriverNoFileImportsIsADecoy() {
            app(dir, "\"dependencies\": { \"express\": \"4\", \"mysql\": \"2\", \"ioredis\": \"5\" }");
            write(dir, "cache.js", "const Redis = require('ioredis');\nmodule.exports = new Redis();\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.databaseType()).contains("redis");
            assertThat(stack.evidence()).contains("database_type redis from package.json dependencies.ioredis, "
                    + "imported in cache.js (mysql also listed, never imported: a decoy)");
        }

        @Test
        void aDriverOnlyListedIsNotRequired() {
            app(dir, "\"dependencies\": { \"express\": \"4\", \"pg\": \"8\" }");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.requiresDatabase()).isFalse();
            assertThat(stack.evidence()).contains("requires_database false: package.json lists pg but no file of "
                    + "the app imports or requires it and no ORM that loads drivers by name (Sequelize, TypeORM, Knex) "
                    + "is a dependency: a decoy");
        }

        @Test
        void aDriverAnOrmLoadsByNameCountsWithoutAnImport() {
            app(dir, "\"dependencies\": { \"express\": \"4\", \"sequelize\": \"6\", \"pg\": \"8\" }");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.databaseType()).contains("postgresql");
            assertThat(stack.evidence()).contains("database_type postgresql from package.json dependencies.pg, "
                    + "which sequelize loads");
        }

        @ParameterizedTest
        @CsvSource({"postgresql, postgresql", "mysql, mysql", "sqlite, sqlite", "mongodb, mongodb",
            "cockroachdb, postgresql"})
        void comesFromPrismasDatasourceProvider(String provider, String type) {
            app(dir, "\"dependencies\": { \"@prisma/client\": \"5\" }");
            write(dir, "prisma/schema.prisma", "generator client {\n  provider = \"prisma-client-js\"\n}\n\n"
                    + "datasource db {\n  provider = \"" + provider + "\"\n  url = env(\"DATABASE_URL\")\n}\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.databaseType()).contains(type);
            assertThat(stack.evidence()).contains("database_type " + type + " from prisma/schema.prisma datasource "
                    + "provider " + provider);
        }

        @Test
        void isNotRequiredWithoutADriver() {
            app(dir, "\"dependencies\": { \"express\": \"4\", \"pg-format\": \"1\" }");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.requiresDatabase()).isFalse();
            assertThat(stack.databaseType()).isEmpty();
            assertThat(stack.evidence()).anyMatch(line -> line.startsWith("requires_database false"));
        }
    }

    @Nested
    class BuildTool {

        @ParameterizedTest
        @CsvSource({
            "package-lock.json, npm", "npm-shrinkwrap.json, npm", "yarn.lock, yarn", "pnpm-lock.yaml, pnpm",
            "bun.lockb, bun", "bun.lock, bun"})
        void comesFromTheLockFile(String lockFile, String tool) {
            app(dir, "");
            write(dir, lockFile, "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.buildTool()).isEqualTo(tool);
            assertThat(stack.evidence()).contains("build_tool " + tool + " from " + lockFile);
        }

        @Test
        void comesFromThePackageManagerFieldBeforeLockFiles() {
            app(dir, "\"packageManager\": \"pnpm@9.1.0+sha512.abc\"");
            write(dir, "package-lock.json", "{}");
            write(dir, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.buildTool()).isEqualTo("pnpm");
            assertThat(stack.evidence()).contains("build_tool pnpm from package.json packageManager "
                    + "(pnpm@9.1.0+sha512.abc)");
        }

        @Test
        void comesFromThePackageManagerFieldWhenThereIsNoLockFile() {
            app(dir, "\"packageManager\": \"yarn@4.1.0\"");

            assertThat(analyzer.analyze(dir).buildTool()).isEqualTo("yarn");
        }

        @Test
        void comesFromTheLockFileWhenThePackageManagerFieldNamesAManagerWithoutOne() {
            app(dir, "\"packageManager\": \"yarn@4.1.0\"");
            write(dir, "package-lock.json", "{\"lockfileVersion\": 3}");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.buildTool()).isEqualTo("npm");
            assertThat(stack.evidence()).contains("build_tool npm from package-lock.json, not package.json "
                    + "packageManager (yarn@4.1.0): there is no yarn.lock, and the lock file present is what installs "
                    + "the versions the app was tested with");
        }

        @ParameterizedTest
        @CsvSource({".yarnrc.yml, yarn", "pnpm-workspace.yaml, pnpm", "bunfig.toml, bun"})
        void comesFromTheManagersConfigurationWithoutALockFile(String file, String tool) {
            app(dir, "");
            write(dir, file, "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.buildTool()).isEqualTo(tool);
            assertThat(stack.evidence()).contains("build_tool " + tool + " from " + file + " (there is no lock file)");
        }

        @Test
        void ignoresAnUnknownPackageManagerField() {
            app(dir, "\"packageManager\": \"deno@2.0.0\"");
            write(dir, "yarn.lock", "");

            assertThat(analyzer.analyze(dir).buildTool()).isEqualTo("yarn");
        }

        @Test
        void takesTheFirstLockFileInOrderWhenThereAreSeveral() {
            app(dir, "");
            write(dir, "pnpm-lock.yaml", "");
            write(dir, "yarn.lock", "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.buildTool()).isEqualTo("yarn");
            assertThat(stack.evidence()).contains("build_tool yarn from yarn.lock (also found: pnpm-lock.yaml; lock "
                    + "files are looked for in the order npm, yarn, pnpm, bun)");
        }

        @Test
        void isNpmByDefault() {
            app(dir, "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.buildTool()).isEqualTo("npm");
            assertThat(stack.evidence()).contains("build_tool npm is the default: package.json has no "
                    + "packageManager and there is no lock file");
        }
    }

    @Nested
    class StartCommand {

        @ParameterizedTest
        @CsvSource({"package-lock.json, npm start", "yarn.lock, yarn start", "pnpm-lock.yaml, pnpm start",
            "bun.lock, bun run start"})
        void runsTheStartScriptWithThePackageManager(String lockFile, String command) {
            app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
            write(dir, lockFile, "");

            assertThat(analyzer.analyze(dir).startCommand()).isEqualTo(command);
        }

        @Test
        void runsMainWhenItExists() {
            packageJson(dir, "\"main\": \"lib/main.js\"");
            write(dir, "lib/main.js", "");
            write(dir, "server.js", "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo("node lib/main.js");
            assertThat(stack.evidence()).contains("start_command 'node lib/main.js' from package.json main");
        }

        @Test
        void resolvesMainLikeNodeDoes() {
            packageJson(dir, "\"main\": \"lib\"");
            write(dir, "lib/index.js", "");

            assertThat(analyzer.analyze(dir).startCommand()).isEqualTo("node lib");
        }

        @Test
        void quotesAMainThatTheShellWouldSplit() {
            packageJson(dir, "\"main\": \"my app.js\"");
            write(dir, "my app.js", "");

            assertThat(analyzer.analyze(dir).startCommand()).isEqualTo("node 'my app.js'");
        }

        @Test
        void fallsBackToTheUsualEntryFilesInOrder() {
            packageJson(dir, "\"main\": \"missing.js\"");
            write(dir, "app.js", "");
            write(dir, "index.js", "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo("node index.js");
            assertThat(stack.evidence()).contains("start_command 'node index.js' from index.js (package.json has no "
                    + "scripts.start and its main file missing.js does not exist)");
        }

        @Test
        void ignoresAMainOutsideTheApp() {
            packageJson(dir.resolve("app"), "\"main\": \"../outside.js\"");
            write(dir, "outside.js", "");

            assertThatThrownBy(() -> analyzer.analyze(dir.resolve("app"))).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void refusesAnAppItCannotStartWithARemediation() {
            packageJson(dir, "\"scripts\": { \"test\": \"jest\" }");
            write(dir, "src/main.js", "");

            assertThatThrownBy(() -> analyzer.analyze(dir))
                    .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                        assertThat(error.getMessage()).contains("package.json has no scripts.start and there is "
                                + "no server.js, index.js, app.js");
                        assertThat(error.remediation()).contains("Add a start script to package.json");
                    });
        }

        @Test
        void versionCheckFalseLeavesTheDeclaredVersionUnchecked() {
            app(dir, "\"engines\": { \"node\": \"4.0.0\" }, \"scripts\": { \"start\": \"node server.js\" }");
            assertThat(RuntimeVersionRequirement.declared(analyzer.analyze(dir))).isPresent();
            write(dir, "hivemind.yaml", "version-check: false\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.runtimeVersion()).isEqualTo("4.0.0");
            assertThat(RuntimeVersionRequirement.declared(stack)).isEmpty();
            assertThat(stack.evidence()).contains("runtime_version 4.0.0 not checked (hivemind.yaml version-check: "
                    + "false), declared in package.json engines.node");
        }

        @Test
        void takesHivemindYamlsStartWhereDetectionFindsNone() {
            packageJson(dir, "\"scripts\": { \"test\": \"jest\" }");
            write(dir, "src/main.js", "require('http').createServer().listen(process.env.PORT);\n");
            write(dir, "hivemind.yaml", "start: node src/main.js\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.language()).isEqualTo("nodejs");
            assertThat(stack.startCommand()).isEqualTo("node src/main.js");
            assertThat(stack.evidence()).contains("start_command 'node src/main.js' from hivemind.yaml start "
                    + "(detection found no start command)")
                    .noneMatch(line -> line.contains("replaces"));
            assertThat(analyzer.describe(dir).stack()).map(TechStack::startCommand).contains("node src/main.js");
        }

        @Test
        void takesHivemindYamlsStartForAPythonAppDetectionCannotStart() {
            write(dir, "requirements.txt", "");
            write(dir, "web/serve.py", "print('serving')\n");
            write(dir, "hivemind.yaml", "start: python web/serve.py\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.language()).isEqualTo("python");
            assertThat(stack.startCommand()).endsWith("&& python web/serve.py");
            assertThat(stack.evidence()).anyMatch(line -> line.startsWith("start_command 'python web/serve.py' "
                    + "from hivemind.yaml start (detection found no start command)"));
        }
    }

    @Nested
    class HealthPath {

        @Test
        void comesFromTheEntryFileTheStartScriptRuns() {
            app(dir, "\"scripts\": { \"start\": \"node src/main.js --port 80\" }");
            write(dir, "src/main.js", "router.get(\"/api/health\", handler);\n");
            write(dir, "server.js", "app.get('/up', handler);\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.healthCheckPath()).contains("/api/health");
            assertThat(stack.evidence()).contains("health_check_path /api/health from src/main.js line 1");
        }

        @Test
        void isEmptyWhenTheCodeDeclaresNone() {
            app(dir, "");
            write(dir, "server.js", "app.get('/', handler);\napp.get('/users', handler);\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.healthCheckPath()).isEqualTo(Optional.empty());
            assertThat(stack.evidence()).anyMatch(line -> line.startsWith("health_check_path none"));
        }
    }

    @Nested
    class RequiredTools {

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "npm  | apt-get install nodejs npm",
            "bun  | npm install -g bun"})
        void areNodeAndThePackageManager(String tool, String hint) {
            TechStack stack = new TechStack("nodejs", "none", "20", java.util.List.of(), false, Optional.empty(),
                    tool, "node server.js", Optional.empty(), java.util.List.of());

            assertThat(analyzer.requiredTools(stack)).containsExactly(
                    new ToolRequirement("node", "--version", "apt-get install nodejs npm (the app asks for Node.js 20)"),
                    new ToolRequirement(tool, "--version", hint));
        }

        @Test
        void areUnknownForALanguageNoDetectorKnows() {
            TechStack stack = new TechStack("cobol", "none", "1", java.util.List.of(), false, Optional.empty(),
                    "make", "run", Optional.empty(), java.util.List.of());

            assertThatThrownBy(() -> analyzer.requiredTools(stack))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("known: java, go, python, nodejs, static");
        }
    }
}
