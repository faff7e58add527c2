package dev.hivemind.analyzer.stack.python;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Python detection through the analyzer, over small app trees. */
class PythonDetectorTest {
    private static final String VENV = PythonStartCommand.VENV_PREFIX;

    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path dir;

    @Test
    void describesAStdlibAppWithOneEvidenceLinePerAnswer() {
        write(dir, "requirements.txt", "# nothing to install\n");
        write(dir, "Procfile", "web: python app.py\n");
        write(dir, "app.py", "import http.server\n\nclass H:\n    def do_GET(self):\n"
                + "        if self.path == '/health':\n            pass\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.language()).isEqualTo("python");
        assertThat(stack.framework()).isEqualTo("none");
        assertThat(stack.runtimeVersion()).isEqualTo("3.11");
        assertThat(stack.dependencies()).isEmpty();
        assertThat(stack.databaseType()).isEmpty();
        assertThat(stack.buildTool()).isEqualTo("pip");
        assertThat(stack.startCommand()).isEqualTo(VENV + "python app.py");
        assertThat(stack.healthCheckPath()).contains("/health");
        assertThat(stack.evidence()).containsExactly(
                "language python from requirements.txt",
                "runtime_version 3.11 is the default: no requires-python, python_requires, Pipfile python_version, "
                        + ".python-version, runtime.txt or .tool-versions names one",
                "framework none: the dependencies hold none of django, fastapi, starlette, flask, tornado, aiohttp",
                "requires_database false: the dependencies hold no database driver (psycopg2, psycopg2-binary, "
                        + "psycopg, asyncpg, mysqlclient, pymysql, pymongo, motor, redis) and the code opens no "
                        + "SQLite database",
                "build_tool pip from requirements.txt",
                "start_command 'python app.py' from Procfile web: line, run with .venv/bin first on the PATH",
                "health_check_path /health from app.py line 5",
                "port none: neither the Procfile nor the code names a port (such as --bind 0.0.0.0:8000, "
                        + "app.run(port=5000) or os.environ.get(\"PORT\", 8000))",
                "dependencies 0 from requirements.txt");
    }

    @Test
    void givesTheSourceOfEveryAnswerForAFlaskApp() {
        write(dir, "requirements.txt", "Flask==3.0.3  # the web framework\ngunicorn>=22\npsycopg2-binary\n");
        write(dir, "runtime.txt", "python-3.11.7\n");
        write(dir, "app.py", "import psycopg2\nfrom flask import Flask\napp = Flask(__name__)\n\n"
                + "@app.route(\"/healthz\")\ndef health():\n    return 'ok'\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.dependencies()).containsExactly("flask", "gunicorn", "psycopg2-binary");
        assertThat(stack.requiresDatabase()).isTrue();
        assertThat(stack.startCommand()).isEqualTo(VENV + "gunicorn app:app --bind 127.0.0.1:$PORT");
        assertThat(stack.evidence()).containsExactly(
                "language python from requirements.txt",
                "runtime_version 3.11.7 from runtime.txt",
                "framework flask from requirements.txt line 1",
                "database_type postgresql from requirements.txt line 3, imported in app.py",
                "build_tool pip from requirements.txt",
                "start_command 'gunicorn app:app --bind 127.0.0.1:$PORT' from the gunicorn and flask dependencies "
                        + "and app.py, run with .venv/bin first on the PATH",
                "health_check_path /healthz from app.py line 5",
                "port 8000 is the default of gunicorn (nothing in the repository names another)",
                "dependencies 3 from requirements.txt");
    }

    @Nested
    class Recognition {

        @ParameterizedTest
        @ValueSource(strings = {"requirements.txt", "requirements-prod.txt", "pyproject.toml", "Pipfile",
                "setup.py", "setup.cfg"})
        void byAProjectFile(String file) {
            write(dir, file, "");
            write(dir, "main.py", "print('hi')\n");

            assertThat(analyzer.analyze(dir).language()).isEqualTo("python");
        }

        @ParameterizedTest
        @ValueSource(strings = {"app.py", "main.py", "server.py", "wsgi.py", "manage.py"})
        void byAnEntryFileBesideAProcfile(String entry) {
            write(dir, "Procfile", "web: python " + entry + "\n");
            write(dir, entry, "print('hi')\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.language()).isEqualTo("python");
            assertThat(stack.evidence().getFirst()).isEqualTo("language python from Procfile and " + entry);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Procfile", "app.py", "requirements", "requirements.in"})
        void notByAnEntryFileOrAProcfileAlone(String file) {
            write(dir, file, "web: python app.py\n");

            assertThatThrownBy(() -> analyzer.analyze(dir)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("no app HiveMind can deploy in ");
        }
    }

    @Nested
    class RuntimeVersion {

        static Stream<Arguments> sources() {
            return Stream.of(
                    Arguments.of("pyproject.toml", "[project]\nname = \"x\"\nrequires-python = \">=3.10\"\n",
                            ">=3.10", "pyproject.toml project.requires-python"),
                    Arguments.of("pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.11\"\n",
                            "^3.11", "pyproject.toml tool.poetry.dependencies.python"),
                    Arguments.of("setup.py", "from setuptools import setup\nsetup(name='x', python_requires='>=3.9')\n",
                            ">=3.9", "setup.py python_requires"),
                    Arguments.of("setup.cfg", "[metadata]\nname = x\n[options]\npython_requires = >=3.8\n",
                            ">=3.8", "setup.cfg options.python_requires"),
                    Arguments.of("Pipfile", "[packages]\nflask = \"*\"\n\n[requires]\npython_version = \"3.12\"\n",
                            "3.12", "Pipfile requires.python_version"),
                    Arguments.of(".python-version", "# pyenv\n3.12.1\n", "3.12.1", ".python-version"),
                    Arguments.of("runtime.txt", "python-3.11.7\n", "3.11.7", "runtime.txt"),
                    Arguments.of(".tool-versions", "nodejs 20.11.1\npython 3.11.7 3.10.2\n", "3.11.7",
                            ".tool-versions"));
        }

        @ParameterizedTest
        @MethodSource("sources")
        void comesFromItsSource(String file, String content, String version, String source) {
            write(dir, "requirements.txt", "");
            write(dir, "app.py", "");
            write(dir, file, content);

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.runtimeVersion()).isEqualTo(version);
            assertThat(stack.evidence()).contains("runtime_version " + version + " from " + source);
        }

        @Test
        void prefersTheProjectFileOverVersionFiles() {
            write(dir, "app.py", "");
            write(dir, "pyproject.toml", "[project]\nrequires-python = \">=3.11\"\n");
            write(dir, ".python-version", "3.12\n");
            write(dir, "runtime.txt", "python-3.10.1\n");

            assertThat(analyzer.analyze(dir).runtimeVersion()).isEqualTo(">=3.11");
        }

        @Test
        void prefersPythonVersionOverRuntimeTxt() {
            write(dir, "requirements.txt", "");
            write(dir, "app.py", "");
            write(dir, ".python-version", "3.12\n");
            write(dir, "runtime.txt", "python-3.10.1\n");

            assertThat(analyzer.analyze(dir).runtimeVersion()).isEqualTo("3.12");
        }
    }

    @Nested
    class Frameworks {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "Django==5.0.4|django", "fastapi>=0.110|fastapi", "starlette;fastapi|fastapi",
                "starlette|starlette", "Flask[async]>=3|flask", "tornado|tornado", "aiohttp==3.9|aiohttp",
                "requests;numpy|none"})
        void comeFromTheRequirements(String requirements, String framework) {
            write(dir, "requirements.txt", requirements.replace(';', '\n') + "\n");
            write(dir, "app.py", "");
            write(dir, "main.py", "");
            write(dir, "manage.py", "");

            assertThat(analyzer.analyze(dir).framework()).isEqualTo(framework);
        }

        static Stream<Arguments> projectFiles() {
            return Stream.of(
                    Arguments.of("pyproject.toml", "[project]\ndependencies = [\n  \"fastapi>=0.110\",  # api\n"
                            + "  \"uvicorn[standard]\",\n]\n", "fastapi", "pyproject.toml project.dependencies"),
                    Arguments.of("pyproject.toml", "[tool.poetry]\nname = \"x\"\n\n[tool.poetry.dependencies]\n"
                            + "python = \"^3.11\"\nFlask = \"^3.0\"\n", "flask",
                            "pyproject.toml tool.poetry.dependencies.Flask"),
                    Arguments.of("Pipfile", "[[source]]\nurl = \"https://pypi.org/simple\"\n\n[packages]\n"
                            + "django = \"*\"\n\n[dev-packages]\nflask = \"*\"\n", "django", "Pipfile packages.django"),
                    Arguments.of("setup.py", "setup(\n    install_requires=[\n        'tornado>=6',\n    ],\n)\n",
                            "tornado", "setup.py install_requires"),
                    Arguments.of("setup.cfg", "[options]\ninstall_requires =\n    aiohttp>=3.9\n    yarl\n",
                            "aiohttp", "setup.cfg options.install_requires"));
        }

        @ParameterizedTest
        @MethodSource("projectFiles")
        void comeFromTheProjectFiles(String file, String content, String framework, String source) {
            write(dir, file, content);
            write(dir, "app.py", "");
            write(dir, "main.py", "");
            write(dir, "manage.py", "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.framework()).isEqualTo(framework);
            assertThat(stack.evidence()).contains("framework " + framework + " from " + source);
        }

        @Test
        void takeTheFirstDeclarationOfANameAcrossFiles() {
            write(dir, "requirements.txt", "-r requirements/base.txt\n--index-url https://mirror.example\n"
                    + "-e git+https://github.com/example/Some_Lib.git#egg=Some_Lib\n./local-package\n");
            write(dir, "requirements/base.txt", "# base\nFlask\n");
            write(dir, "pyproject.toml", "[project]\ndependencies = [\"flask\", \"redis\"]\n");
            write(dir, "app.py", "import redis\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.dependencies()).containsExactly("flask", "some-lib", "redis");
            assertThat(stack.evidence()).contains("framework flask from requirements/base.txt line 2",
                    "database_type redis from pyproject.toml project.dependencies, imported in app.py",
                    "dependencies 3 from requirements/base.txt, requirements.txt, pyproject.toml");
        }
    }

    @ParameterizedTest
    @CsvSource({"psycopg2,psycopg2,postgresql", "psycopg2-binary,psycopg2,postgresql",
            "psycopg[binary],psycopg,postgresql", "asyncpg,asyncpg,postgresql", "mysqlclient,MySQLdb,mysql",
            "PyMySQL,pymysql,mysql", "pymongo,pymongo,mongodb", "motor,motor.motor_asyncio,mongodb", "redis,redis,redis"})
    void detectsTheDatabaseFromTheDriverTheCodeImports(String driver, String module, String database) {
        write(dir, "requirements.txt", "flask\n" + driver + "\n");
        write(dir, "app.py", "");
        write(dir, "store/db.py", "import " + module + "\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.requiresDatabase()).isTrue();
        assertThat(stack.databaseType()).contains(database);
        assertThat(stack.evidence()).contains("database_type " + database + " from requirements.txt line 2, "
                + "imported in store/db.py");
    }

    @Test
    void aDriverListedButNeverImportedIsADecoy() {
        write(dir, "requirements.txt", "aiohttp\nredis\n");
        write(dir, "server.py", "from aiohttp import web\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.requiresDatabase()).isFalse();
        assertThat(stack.evidence()).contains("requires_database false: redis listed but never imported, and no "
                + "ORM that connects by URL is a dependency: a decoy");
    }

    @Test
    void aDriverAnOrmConnectsThroughCountsWithoutAnImport() {
        write(dir, "requirements.txt", "flask\nflask-sqlalchemy\npsycopg2-binary\n");
        write(dir, "app.py", "");

        assertThat(analyzer.analyze(dir).evidence()).contains("database_type postgresql from requirements.txt "
                + "line 3, which flask-sqlalchemy connects through");
    }

    @Test
    void djangosEngineDecidesAndSqliteIsEmbedded() {
        write(dir, "requirements.txt", "django\n");
        write(dir, "manage.py", "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n");
        write(dir, "site/settings.py", "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.databaseType()).contains("sqlite");
        assertThat(stack.databaseNeedsServer()).isFalse();
        assertThat(stack.evidence()).contains("database_type sqlite from site/settings.py ENGINE "
                + "django.db.backends.sqlite3, an embedded database");
    }

    @Test
    void anSqliteUrlAsTheDefaultIsAnEmbeddedDatabase() {
        write(dir, "requirements.txt", "flask\nflask-sqlalchemy\n");
        write(dir, "app.py", "");
        write(dir, "config.py", "import os\nURI = os.environ.get('DATABASE_URL') or 'sqlite:///app.db'\n");

        assertThat(analyzer.analyze(dir).evidence()).contains("database_type sqlite from config.py names a "
                + "sqlite:/// URL, an embedded database");
    }

    @Nested
    class BuildTool {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "uv.lock|uv|build_tool uv from uv.lock",
                "poetry.lock|poetry|build_tool poetry from poetry.lock",
                "Pipfile|pipenv|build_tool pipenv from Pipfile",
                "requirements.txt|pip|build_tool pip from requirements.txt",
                "setup.py|pip|build_tool pip is the default: there is no uv.lock, tool.poetry, poetry.lock or "
                        + "Pipfile"})
        void comesFromLockAndProjectFiles(String file, String tool, String evidence) {
            write(dir, "setup.cfg", "");
            write(dir, file, "");
            write(dir, "app.py", "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.buildTool()).isEqualTo(tool);
            assertThat(stack.evidence()).contains(evidence);
        }

        @Test
        void isPoetryForAToolPoetryTableAndUvWhenThereIsAlsoAUvLock() {
            write(dir, "pyproject.toml", "[tool.poetry]\nname = \"x\"\n");
            write(dir, "app.py", "");
            assertThat(analyzer.analyze(dir).evidence()).contains("build_tool poetry from pyproject.toml tool.poetry");

            write(dir, "uv.lock", "");
            assertThat(analyzer.analyze(dir).buildTool()).isEqualTo("uv");
        }

        @Test
        void decidesTheToolsPreflightChecks() {
            write(dir, "pyproject.toml", "[tool.poetry]\nname = \"x\"\n");
            write(dir, "app.py", "");

            assertThat(analyzer.requiredTools(analyzer.analyze(dir))).containsExactly(
                    new ToolRequirement("python3", "--version", "apt-get install python3 python3-venv (the app "
                            + "asks for Python 3.11)"),
                    new ToolRequirement("poetry", "--version", "pipx install poetry (or: python3 -m pip install "
                            + "--user poetry)"));
        }
    }

    @Nested
    class StartCommand {

        @Test
        void isTheProcfileWebLineLeavingPortToTheShell() throws Exception {
            write(dir, "requirements.txt", "gunicorn\nflask\n");
            write(dir, "Procfile", "release: python migrate.py\nweb: echo \"port=$PORT path=${PATH%%:*}\"\n");
            write(dir, "app.py", "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo(VENV + "echo \"port=$PORT path=${PATH%%:*}\"");
            assertThat(runInShell(stack.startCommand(), "5123"))
                    .isEqualTo("port=5123 path=" + dir.toRealPath() + "/.venv/bin");
        }

        @Test
        void findsTheHealthPathInTheModuleTheProcfileRuns() {
            write(dir, "requirements.txt", "flask\ngunicorn\n");
            write(dir, "Procfile", "web: gunicorn service.api:app --bind 0.0.0.0:$PORT\n");
            write(dir, "app.py", "@app.route('/ping')\n");
            write(dir, "service/api.py", "\n\n@app.get('/healthz')\ndef h(): pass\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.evidence()).contains("health_check_path /healthz from service/api.py line 3");
        }

        @Test
        void isGunicornOnTheDjangoProjectsWsgiModuleNamedByManagePy() {
            write(dir, "requirements.txt", "Django>=5\ngunicorn\n");
            write(dir, "manage.py", "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n");
            write(dir, "mysite/wsgi.py", "application = get_wsgi_application()\n");
            write(dir, "mysite/urls.py", "urlpatterns = [\n    path('admin/', admin.site.urls),\n"
                    + "    path('health/', views.health),\n]\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo(VENV + "gunicorn mysite.wsgi:application --bind "
                    + "127.0.0.1:$PORT");
            assertThat(stack.healthCheckPath()).contains("/health");
            assertThat(stack.evidence()).contains("health_check_path /health from mysite/urls.py line 3");
        }

        @Test
        void isDjangosOwnServerOnlyAsALastResort() {
            write(dir, "requirements.txt", "django\n");
            write(dir, "manage.py", "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo(VENV + "python manage.py runserver 127.0.0.1:$PORT --noreload");
        }

        @ParameterizedTest
        @CsvSource({"wsgi.py,gunicorn wsgi:app", "app.py,gunicorn app:app", "main.py,gunicorn main:app"})
        void isGunicornOnTheFlaskModule(String module, String command) {
            write(dir, "requirements.txt", "flask\ngunicorn\n");
            write(dir, module, "");

            assertThat(analyzer.analyze(dir).startCommand()).isEqualTo(VENV + command + " --bind 127.0.0.1:$PORT");
        }

        @ParameterizedTest
        @CsvSource({"fastapi,main.py,main", "starlette,app.py,app"})
        void isUvicornForFastapiAndStarlette(String framework, String file, String module) {
            write(dir, "requirements.txt", framework + "\nuvicorn\n");
            write(dir, file, "@app.get(\"/health\")\nasync def health():\n    return {}\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo(VENV + "uvicorn " + module
                    + ":app --host 127.0.0.1 --port $PORT");
            assertThat(stack.evidence()).contains("health_check_path /health from " + file + " line 1");
        }

        @ParameterizedTest
        @CsvSource({"wsgi.py,wsgi", "app.py,app", "main.py,main"})
        void isFlasksOwnServerOnPortWithoutGunicorn(String file, String module) {
            write(dir, "requirements.txt", "flask\n");
            write(dir, file, "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo(VENV + "flask --app " + module
                    + " run --host 127.0.0.1 --port $PORT");
            assertThat(stack.evidence()).contains("start_command 'flask --app " + module + " run --host 127.0.0.1 "
                    + "--port $PORT' from " + file + " (Flask's development server, as no gunicorn dependency or "
                    + "Procfile says otherwise), run with .venv/bin first on the PATH");
        }

        @ParameterizedTest
        @CsvSource({"tornado,server.py", "aiohttp,main.py", "aiohttp,app.py", "requests,server.py"})
        void isPythonOnTheEntryFileForTornadoAiohttpAndPlainApps(String dependency, String file) {
            write(dir, "requirements.txt", dependency + "\n");
            write(dir, file, "");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.startCommand()).isEqualTo(VENV + "python " + file);
            String because = dependency.equals("requests") ? "" : "the " + dependency + " dependency and ";
            assertThat(stack.evidence()).contains("start_command 'python " + file + "' from " + because + file
                    + " (there is no Procfile web line, so the app must listen on PORT itself), run with .venv/bin "
                    + "first on the PATH");
        }

        @Test
        void isRefusedWhenNothingSaysHowToStart() {
            write(dir, "requirements.txt", "requests\n");
            write(dir, "worker.py", "");

            assertThatThrownBy(() -> analyzer.analyze(dir))
                    .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                        assertThat(error.getMessage()).isEqualTo("cannot tell how to start the Python app in "
                                + dir.toAbsolutePath() + ": there is no Procfile web line, no gunicorn/uvicorn setup "
                                + "HiveMind recognizes and no app.py, main.py or server.py");
                        assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                        assertThat(error.remediation()).contains("Procfile", "web: gunicorn app:app");
                    });
        }
    }

    @Nested
    class Port {

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "web: gunicorn app:app --bind 0.0.0.0:8000 --workers 2 | 8000 | --bind 0.0.0.0:8000",
            "web: gunicorn app:app -b :5005                         | 5005 | -b :5005",
            "web: uvicorn main:app --host 0.0.0.0 --port=8001        | 8001 | --port=8001",
            "web: python manage.py runserver 0.0.0.0:8002            | 8002 | runserver 0.0.0.0:8002"})
        void comesFromTheProcfileWebLine(String procfile, int port, String quoted) {
            write(dir, "requirements.txt", "flask\ngunicorn\n");
            write(dir, "app.py", "app.run(port=5000)\n");
            write(dir, "Procfile", procfile + "\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).contains(port);
            assertThat(stack.evidence()).contains("port " + port + " from Procfile web: line (" + quoted + "); the "
                    + "command does not use $PORT, so the app listens on " + port + " whatever PORT says");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "app.run(host='0.0.0.0', port=int(os.environ.get('PORT', 5000)))  | 5000",
            "port = int(os.getenv(\"PORT\", \"8080\"))                        | 8080",
            "    web.run_app(app, host='127.0.0.1', port=8081)              | 8081",
            "uvicorn.run(app, host=\"0.0.0.0\", port=8003)                      | 8003"})
        void comesFromTheCode(String line, int port) {
            write(dir, "requirements.txt", "");
            write(dir, "app.py", "import os\n" + line + "\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).contains(port);
            assertThat(stack.evidence()).anyMatch(evidence -> evidence.startsWith("port " + port + " from app.py "
                    + "line 2 (" + line.strip() + ")"));
        }

        @Test
        void saysWhenATornadoAppIgnoresPort() {
            write(dir, "requirements.txt", "tornado\n");
            write(dir, "server.py", "import tornado.web\n\napp = make_app()\napp.listen(8888)\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).contains(8888);
            assertThat(stack.evidence()).contains("port 8888 from server.py line 4 (app.listen(8888)), and no file "
                    + "read reads the PORT environment variable: the app listens on 8888 whatever PORT says");
        }

        @Test
        void comesFromAGunicornConfigFile() {
            write(dir, "requirements.txt", "flask\ngunicorn\n");
            write(dir, "app.py", "");
            write(dir, "gunicorn.conf.py", "workers = 2\nbind = \"0.0.0.0:9000\"\n");

            assertThat(analyzer.analyze(dir).port()).contains(9000);
        }

        @Test
        void isDjangosDefaultWhenNothingElseSays() {
            write(dir, "requirements.txt", "django\n");
            write(dir, "manage.py", "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).contains(8000);
            assertThat(stack.evidence()).contains("port 8000 is Django's default (manage.py runserver and gunicorn "
                    + "listen there when not told otherwise)");
        }

        @Test
        void isTheServersDefaultWhenNothingNamesOne() {
            write(dir, "requirements.txt", "fastapi\nuvicorn\n");
            write(dir, "main.py", "app = FastAPI()\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.port()).contains(8000);
            assertThat(stack.evidence()).contains("port 8000 is the default of uvicorn (nothing in the repository "
                    + "names another)");
        }

        @Test
        void isEmptyWhenNothingNamesOneForAScript() {
            write(dir, "requirements.txt", "tornado\n");
            write(dir, "app.py", "import tornado\n");

            assertThat(analyzer.analyze(dir).port()).isEmpty();
        }
    }

    @Nested
    class HealthPath {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "@app.get(\"/health\")|/health",
                "@app.route('/healthz', methods=['GET'])|/healthz",
                "@router.get(r\"/api/health\")|/api/health",
                "    path('up/', views.up),|/up",
                "        if self.path == '/health':|/health",
                "app.router.add_get('/ping', ping)|/ping",
                "app = Starlette(routes=[Route(\"/ready\", ready)])|/ready",
                "    return tornado.web.Application([(r\"/healthz\", HealthHandler)])|/healthz"})
        void isFoundInPythonCode(String line, String path) {
            write(dir, "requirements.txt", "");
            write(dir, "app.py", "import os\n" + line + "\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.healthCheckPath()).contains(path);
            assertThat(stack.evidence()).contains("health_check_path " + path + " from app.py line 2");
        }

        @Test
        void isNotTakenFromTestsOrTheVirtualEnvironment() {
            write(dir, "requirements.txt", "");
            write(dir, "app.py", "print('no routes')\n");
            write(dir, "tests/test_app.py", "@app.get('/health')\n");
            write(dir, "test_app.py", "@app.get('/health')\n");
            write(dir, ".venv/lib.py", "@app.get('/health')\n");
            write(dir, "venv/lib.py", "@app.get('/health')\n");

            TechStack stack = analyzer.analyze(dir);

            assertThat(stack.healthCheckPath()).isEmpty();
            assertThat(stack.evidence()).contains("health_check_path none: no health route (such as /health, "
                    + "/healthz or /up) is declared in the entry file or the top-level .py files");
        }
    }

    private String runInShell(String command, String port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PORT", port);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
