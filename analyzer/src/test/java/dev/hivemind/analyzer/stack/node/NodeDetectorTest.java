package dev.hivemind.analyzer.stack.node;

import static dev.hivemind.analyzer.Fixtures.app;
import static dev.hivemind.analyzer.Fixtures.packageJson;
import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.FixedPort;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Node.js detection through the analyzer: runtime precedence, start commands, TypeScript entries and ports. */
class NodeDetectorTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path dir;

    @Nested
    class RuntimeVersionPrecedence {

        @Test
        void isEnginesThenVoltaThenNvmrcThenNodeVersionThenToolVersions() {
            app(dir, "\"engines\": { \"node\": \">=18\" }, \"volta\": { \"node\": \"20.11.1\" }");
            write(dir, ".nvmrc", "v21.7.0\n");
            write(dir, ".node-version", "22.1.0\n");
            write(dir, ".tool-versions", "python 3.12.1\nnodejs 20.11.0\n");
            assertThat(runtime()).isEqualTo("runtime_version >=18 from package.json engines.node");

            app(dir, "\"volta\": { \"node\": \"20.11.1\" }");
            assertThat(runtime()).isEqualTo("runtime_version 20.11.1 from package.json volta.node");

            app(dir, "");
            assertThat(runtime()).isEqualTo("runtime_version 21.7.0 from .nvmrc");

            write(dir, ".nvmrc", "");
            assertThat(runtime()).isEqualTo("runtime_version 22.1.0 from .node-version");

            write(dir, ".node-version", "# none\n");
            assertThat(runtime()).isEqualTo("runtime_version 20.11.0 from .tool-versions");
            assertThat(analyzer.analyze(dir).runtimeVersion()).isEqualTo("20.11.0");
        }

        @Test
        void readsTheNodeSpellingOfToolVersionsToo() {
            app(dir, "");
            write(dir, ".tool-versions", "# asdf\nnode v22.2.0 20.11.0\n");

            assertThat(runtime()).isEqualTo("runtime_version 22.2.0 from .tool-versions");
        }

        private String runtime() {
            return analyzer.analyze(dir).evidence().get(1);
        }
    }

    @Nested
    class Procfile {

        @Test
        void webLineOverridesTheStartScript() {
            app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
            write(dir, "Procfile", "release: node migrate.js\nweb: node --enable-source-maps web.js\n");
            write(dir, "web.js", "app.get('/up', ok);\napp.listen(process.env.PORT || 5000);\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo("node --enable-source-maps web.js");
            assertThat(stack.evidence()).contains(
                    "start_command 'node --enable-source-maps web.js' from Procfile web: line",
                    "health_check_path /up from web.js line 1",
                    "port 5000 from web.js line 2 (app.listen(process.env.PORT || 5000);)");
            assertThat(stack.port()).contains(5000);
            assertThat(stack.fixedPort()).as("it reads PORT").isEmpty();
        }

        @Test
        void givesThePortItsCommandNames() {
            app(dir, "");
            write(dir, "Procfile", "web: npx next start -p 4000\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).contains(4000);
            assertThat(stack.evidence()).contains("port 4000 from Procfile web: line (-p 4000); the command does "
                    + "not use $PORT, so the app listens on 4000 whatever PORT says");
            assertThat(stack.fixedPort()).contains(new FixedPort(4000, "port 4000 from Procfile web: line (-p 4000); "
                    + "the command does not use $PORT, so the app listens on 4000 whatever PORT says"));
        }
    }

    @Nested
    class TypeScript {

        @Test
        void startsTheCompiledMainAndScansItsTypeScriptSource() {
            packageJson(dir, "\"main\": \"dist/server.js\", \"scripts\": { \"build\": \"tsc\" },"
                    + " \"dependencies\": { \"express\": \"4\" }, \"devDependencies\": { \"typescript\": \"5\" }");
            write(dir, "tsconfig.json", "{\n  // compiled to dist\n  \"compilerOptions\": {\n"
                    + "    \"outDir\": \"./dist\",\n    \"rootDir\": \"./src\",\n  },\n}\n");
            write(dir, "src/server.ts", "import express from 'express';\nconst app = express();\n"
                    + "const port = Number(process.env.PORT ?? 8080);\n"
                    + "app.get('/healthz', (_req, res) => res.send('ok'));\n"
                    + "app.listen(port);\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo("node dist/server.js");
            assertThat(stack.healthCheckPath()).contains("/healthz");
            assertThat(stack.port()).contains(8080);
            assertThat(stack.evidence()).contains(
                    "start_command 'node dist/server.js' from package.json main, which scripts.build (tsc) compiles "
                            + "from src/server.ts",
                    "health_check_path /healthz from src/server.ts line 4",
                    "port 8080 from src/server.ts line 3 (const port = Number(process.env.PORT ?? 8080);)");
        }

        @Test
        void doesNotStartACompiledMainWithoutABuildScript() {
            packageJson(dir, "\"main\": \"dist/server.js\"");
            write(dir, "src/server.ts", "");

            assertThatThrownBy(() -> analyzer.analyze(dir)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("its main file dist/server.js does not exist");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "ts-node src/index.ts               | src/index.ts",
            "tsx watch src/index.ts             | src/index.ts",
            "node -r dotenv/config dist/index.js | src/index.ts",
            "node build/index.js                | src/index.ts"})
        void followsTheStartScriptToTheTypeScriptSource(String script, String source) {
            packageJson(dir, "\"scripts\": { \"start\": \"" + script + "\", \"build\": \"tsc\" }");
            write(dir, source, "\n\nfastify.get('/health', async () => ({ ok: true }));\n"
                    + "await fastify.listen({ port: 3000, host: '0.0.0.0' });\n");
            write(dir, "src/other.ts", "app.get('/ping', ok);\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo("npm start");
            assertThat(stack.evidence()).contains("health_check_path /health from " + source + " line 3",
                    "port 3000 from " + source + " line 4 (await fastify.listen({ port: 3000, host: '0.0.0.0' });),"
                            + " and no file read reads the PORT environment variable: the app listens on 3000 "
                            + "whatever PORT says");
        }

        @Test
        void prefersNestsProductionScriptAndFindsItsHealthControllerTwoDirectoriesDown() {
            packageJson(dir, "\"scripts\": { \"build\": \"nest build\", \"start\": \"nest start\","
                    + " \"start:prod\": \"node dist/main\" }, \"dependencies\": { \"@nestjs/core\": \"10\","
                    + " \"@nestjs/platform-express\": \"10\" }");
            write(dir, "src/main.ts", "async function bootstrap() {\n  const app = await NestFactory.create(AppModule);"
                    + "\n  await app.listen(process.env.PORT ?? 3000);\n}\n");
            write(dir, "src/app.module.ts", "@Module({})\nexport class AppModule {}\n");
            write(dir, "src/health/health.controller.ts", "@Controller('health')\nexport class HealthController {}\n");
            write(dir, "test/app.e2e-spec.ts", "request(app).get('/ready')\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.framework()).isEqualTo("nestjs");
            assertThat(stack.startCommand()).isEqualTo("npm run start:prod");
            assertThat(stack.healthCheckPath()).contains("/health");
            assertThat(stack.port()).contains(3000);
            assertThat(stack.evidence()).contains(
                    "start_command 'npm run start:prod' from package.json scripts.start:prod (node dist/main)",
                    "health_check_path /health from src/health/health.controller.ts line 1",
                    "port 3000 from src/main.ts line 3 (await app.listen(process.env.PORT ?? 3000);)");
        }
    }

    @Nested
    class FrameworkServers {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "npm-lock     | package-lock.json | npx next start -p $PORT -H 127.0.0.1",
            "pnpm-lock    | pnpm-lock.yaml    | pnpm exec next start -p $PORT -H 127.0.0.1",
            "yarn-lock    | yarn.lock         | yarn next start -p $PORT -H 127.0.0.1",
            "bun-lock     | bun.lock          | bunx next start -p $PORT -H 127.0.0.1"})
        void startNextOnPortWithThePackageManagersExec(String name, String lockFile, String command) {
            packageJson(dir, "\"scripts\": { \"build\": \"next build\", \"dev\": \"next dev\" },"
                    + " \"dependencies\": { \"next\": \"14\", \"react\": \"18\" }");
            write(dir, lockFile, "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).as(name).isEqualTo(command);
            assertThat(stack.evidence()).contains("start_command '" + command + "' from Next.js's production server "
                    + "(package.json has no scripts.start; scripts.build is next build)");
        }

        @Test
        void runTheirStartScriptWhenThereIsOne() {
            packageJson(dir, "\"scripts\": { \"build\": \"remix vite:build\", \"start\": \"remix-serve "
                    + "./build/server/index.js\" }, \"dependencies\": { \"@remix-run/serve\": \"2\","
                    + " \"@remix-run/node\": \"2\" }");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.framework()).isEqualTo("remix");
            assertThat(stack.startCommand()).isEqualTo("npm start");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "vite.config.ts | npx remix-serve build/server/index.js",
            "remix.config.js | npx remix-serve build/index.js"})
        void serveARemixBuildWhereItsCompilerWritesIt(String config, String command) {
            packageJson(dir, "\"scripts\": { \"build\": \"remix build\" }, \"dependencies\": {"
                    + " \"@remix-run/serve\": \"2\", \"@remix-run/node\": \"2\" }");
            write(dir, config, "export default {};\n");

            assertThat(analyzer.analyze(dir).startCommand()).isEqualTo(command);
        }

        @Test
        void needAnAdapterThatMakesANodeServer() {
            packageJson(dir, "\"scripts\": { \"build\": \"vite build\" }, \"devDependencies\": {"
                    + " \"@sveltejs/kit\": \"2\", \"@sveltejs/adapter-auto\": \"3\" }");

            assertThatThrownBy(() -> analyzer.analyze(dir)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("cannot tell how to start the Node.js app");

            packageJson(dir, "\"scripts\": { \"build\": \"vite build\" }, \"devDependencies\": {"
                    + " \"@sveltejs/kit\": \"2\", \"@sveltejs/adapter-node\": \"5\" }");
            assertThat(analyzer.analyze(dir).startCommand()).isEqualTo("node build");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "next      | app/api/health/route.ts      | /api/health | Next.js",
            "next      | src/pages/api/healthz.js     | /api/healthz | Next.js",
            "nuxt      | server/routes/up.get.ts      | /up         | Nuxt",
            "nuxt      | server/api/health.ts         | /api/health | Nuxt",
            "remix     | app/routes/healthcheck.tsx   | /healthcheck | Remix",
            "sveltekit | src/routes/health/+server.ts | /health     | SvelteKit",
            "astro     | src/pages/api/ping.ts        | /api/ping   | Astro"})
        void declareTheirHealthRouteByFileName(String framework, String file, String path, String name) {
            String dependency = switch (framework) {
                case "remix" -> "@remix-run/node";
                case "sveltekit" -> "@sveltejs/kit";
                default -> framework;
            };
            packageJson(dir, "\"scripts\": { \"start\": \"node server.mjs\" }, \"dependencies\": { \""
                    + dependency + "\": \"1\" }");
            write(dir, file, "export default () => 'ok';\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.healthCheckPath()).contains(path);
            assertThat(stack.evidence()).contains("health_check_path " + path + " from " + file + " (" + name
                    + " routes by file name)");
        }
    }

    @Nested
    class Port {

        @ParameterizedTest
        @ValueSource(strings = {
            "const port = process.env.PORT || 3000;",
            "app.listen(parseInt(process.env.PORT || '8081', 10));",
            "server.listen(Number(process.env['PORT']) || 4000);",
            "Bun.serve({ port: 3001, fetch });"})
        void isTheLiteralTheCodeDeclares(String line) {
            app(dir, "");
            write(dir, "server.js", "const http = require('http');\n" + line + "\n");

            TechStack stack = analyzer.analyze(dir);

            int port = Integer.parseInt(line.replaceAll("\\D+", " ").strip().split(" ")[0]);
            assertThat(stack.port()).contains(port);
            assertThat(stack.evidence()).anyMatch(evidence -> evidence.startsWith("port " + port
                    + " from server.js line 2 (" + line + ")"));
        }

        @Test
        void saysWhenTheCodeIgnoresPort() {
            app(dir, "");
            write(dir, "server.js", "require('http').createServer(handler).listen(8080);\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).contains(8080);
            assertThat(stack.evidence()).contains("port 8080 from server.js line 1 (require('http')"
                    + ".createServer(handler).listen(8080);), and no file read reads the PORT environment variable: "
                    + "the app listens on 8080 whatever PORT says");
        }

        @Test
        void aPortInACommentIsNotTheAppsPort() {
            app(dir, "");
            write(dir, "server.js", "/**\n * Starts the server.\n * @example\n *   app.listen(3000)\n */\n"
                    + "// server.listen(4000) was the old way\n"
                    + "const url = 'http://localhost:5000/'; const port = process.env.PORT || 8080;\n"
                    + "require('http').createServer(handler).listen(port);\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).contains(8080);
            assertThat(stack.fixedPort()).isEmpty();
            assertThat(stack.evidence()).anyMatch(evidence -> evidence.startsWith("port 8080 from server.js line 7"));
        }

        @Test
        void comesFromTheStartScript() {
            packageJson(dir, "\"scripts\": { \"start\": \"next start --port 3005\" },"
                    + " \"dependencies\": { \"next\": \"14\" }");

            assertThat(analyzer.analyze(dir).port()).contains(3005);
        }

        @Test
        void isEmptyWhenNothingNamesOne() {
            app(dir, "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).isEqualTo(Optional.empty());
        }
    }
}
