package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.ConfiguredStart;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.node.NodeLibraries;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a Python app starts, the first that applies winning: the Procfile's {@code web:} line; fastapi-cli's
 * {@code [tool.fastapi] entrypoint} in pyproject.toml; the server line of the project's own start script or
 * Dockerfile ({@code exec gunicorn -b :5000 microblog:app} in {@code boot.sh}, {@code CMD ["uvicorn", "app.main:app"]})
 * with its server and application kept and its address replaced by {@code $PORT}; for Django, gunicorn on the WSGI
 * module of the settings ({@code WSGI_APPLICATION}) when gunicorn is a dependency, else {@code manage.py runserver};
 * for Flask, gunicorn (when a dependency) or {@code flask run} on the application ({@link PythonApplication}: a
 * module assigning it, else a package's {@code create_app} factory); for FastAPI and Starlette, uvicorn on it; else
 * {@code python} on the first of app.py, main.py and server.py (how Tornado and aiohttp apps start: they read
 * {@code PORT} themselves); else {@code hivemind.yaml}'s {@code start:} ({@link ConfiguredStart}). {@code $PORT} is left for the shell: the agent sets {@code PORT} (and
 * {@code HOST=127.0.0.1}) when it starts the command. The command runs with the artifact's virtual environment first
 * on the PATH, so {@code python}, {@code gunicorn} and {@code uvicorn} are the installed ones.
 */
public final class PythonStartCommand {
    static final List<String> ENTRY_FILES = List.of("app.py", "main.py", "server.py", "wsgi.py", "manage.py");
    /** The files {@code python <file>} may start, in order. */
    static final List<String> SCRIPTS = List.of("app.py", "main.py", "server.py");
    /** Puts the virtual environment the builder creates first on the PATH of the whole command. */
    public static final String VENV_PREFIX = "export PATH=\"$PWD/.venv/bin:$PATH\" VIRTUAL_ENV=\"$PWD/.venv\" && ";
    private static final List<String> WSGI_FILES = List.of("wsgi.py", "app.py", "main.py", "run.py", "server.py",
            "application.py");
    private static final List<String> ASGI_FILES = List.of("main.py", "app.py", "asgi.py", "server.py", "run.py",
            "application.py");
    private static final Pattern SETTINGS = Pattern.compile(
            "DJANGO_SETTINGS_MODULE['\"]\\s*,\\s*['\"]([A-Za-z_][\\w.]*)['\"]");
    private static final Pattern WSGI_APPLICATION = Pattern.compile(
            "(?m)^WSGI_APPLICATION\\s*=\\s*['\"]([A-Za-z_][\\w.]*)\\.wsgi\\.application['\"]");
    private static final Pattern MODULE_OBJECT = Pattern.compile("^([A-Za-z_][\\w.]*):[A-Za-z_]\\w*$");

    private PythonStartCommand() {
    }

    /** The command (with the virtual environment prefix) and, when one could be told, the file it runs. */
    record Start(Finding command, Optional<Path> entry, Optional<String> server) {
    }

    static Start detect(Path directory, PythonProject project, String framework) {
        Optional<String> web = Procfile.web(directory);
        if (web.isPresent()) {
            return start(web.get(), Procfile.SOURCE, entryOf(directory, web.get()), serverOf(web.get()));
        }
        boolean gunicorn = project.dependency("gunicorn").isPresent();
        boolean asgi = framework.equals("fastapi") || framework.equals("starlette");
        Optional<Start> declared = fastapiEntrypoint(directory, project)
                .or(() -> serverLine(directory, project));
        if (declared.isPresent()) {
            return declared.get();
        }
        if (framework.equals("django")) {
            Optional<Start> django = django(directory, gunicorn);
            if (django.isPresent()) {
                return django.get();
            }
        }
        if (framework.equals("flask") || asgi) {
            Optional<PythonApplication> application = PythonApplication.find(directory, asgi ? ASGI_FILES
                    : gunicorn ? WSGI_FILES : WSGI_FILES.subList(0, 3));
            if (application.isPresent()) {
                return asgi ? uvicorn(directory, application.get(), "the " + framework + " dependency and ")
                        : flask(directory, application.get(), gunicorn);
            }
        }
        Optional<String> script = ProjectFiles.first(directory, SCRIPTS);
        if (script.isPresent()) {
            String because = framework.equals(NodeLibraries.NO_FRAMEWORK) ? "" : "the " + framework
                    + " dependency and ";
            return start("python " + script.get(), because + script.get() + " (there is no Procfile web line, "
                    + "so the app must listen on PORT itself)", file(directory, script.get()), Optional.empty());
        }
        Optional<String> configured = ConfiguredStart.finding().map(Finding::value);
        if (configured.isPresent()) {
            return start(configured.get(), ConfiguredStart.SOURCE + " (detection found no start command)",
                    entryOf(directory, configured.get()), serverOf(configured.get()));
        }
        throw noStart(directory);
    }

    /** Whether the directory holds a top-level entry file (app.py, main.py, wsgi.py or manage.py). */
    static boolean hasEntryFile(Path directory) {
        return ENTRY_FILES.stream().anyMatch(name -> Files.isRegularFile(directory.resolve(name)));
    }

    private static Start start(String command, String source, Optional<Path> entry, Optional<String> server) {
        return new Start(new Finding(VENV_PREFIX + command, "start_command '" + command + "' from " + source
                + ", run with .venv/bin first on the PATH"), entry, server);
    }

    /** fastapi-cli's {@code [tool.fastapi] entrypoint = "pkg.main:app"}, served by uvicorn. */
    private static Optional<Start> fastapiEntrypoint(Path directory, PythonProject project) {
        return project.pyproject().flatMap(toml -> toml.string("tool", "fastapi", "entrypoint"))
                .flatMap(target -> PythonApplication.ofTarget(directory, target))
                .map(application -> uvicorn(directory, application, "pyproject.toml tool.fastapi.entrypoint and "));
    }

    /** The server and application of the project's own start script or Dockerfile, bound to $PORT. */
    private static Optional<Start> serverLine(Path directory, PythonProject project) {
        return PythonServerLine.find(directory)
                .filter(line -> project.dependency(line.server()).isPresent() || !line.server().equals("gunicorn")
                        && (project.dependency("uvicorn").isPresent() || project.dependency("fastapi").isPresent()))
                .map(line -> {
                    String source = line.where() + " (" + line.line() + ")";
                    if (line.server().equals("gunicorn")) {
                        String worker = line.workerClass().map(value -> " -k " + value).orElse("");
                        return start("gunicorn " + line.application().gunicornTarget() + worker + " --bind "
                                + "127.0.0.1:$PORT", source + ", bound to $PORT",
                                file(directory, line.application().file()), Optional.of("gunicorn"));
                    }
                    return uvicorn(directory, line.application(), source + ", served by uvicorn, and ");
                });
    }

    private static Start uvicorn(Path directory, PythonApplication application, String because) {
        return start("uvicorn " + application.uvicornTarget() + application.uvicornAppDir()
                + " --host 127.0.0.1 --port $PORT", because + application.file(),
                file(directory, application.file()), Optional.of("uvicorn"));
    }

    private static Start flask(Path directory, PythonApplication application, boolean gunicorn) {
        String where = application.file() + (application.factory() ? " (the application factory "
                + application.attribute() + ")" : "");
        if (gunicorn) {
            return start("gunicorn " + application.gunicornTarget() + " --bind 127.0.0.1:$PORT",
                    "the gunicorn and flask dependencies and " + where, file(directory, application.file()),
                    Optional.of("gunicorn"));
        }
        return start("flask --app " + application.flaskApp() + " run --host 127.0.0.1 --port $PORT", where
                + " (Flask's development server, as no gunicorn dependency or Procfile says otherwise)",
                file(directory, application.file()), Optional.of("flask run"));
    }

    /** gunicorn on the project's WSGI module when gunicorn is a dependency, else manage.py runserver. */
    private static Optional<Start> django(Path directory, boolean gunicorn) {
        Optional<String> project = djangoProject(directory);
        if (gunicorn && project.isPresent()) {
            return Optional.of(start("gunicorn " + project.get() + ".wsgi:application --bind 127.0.0.1:$PORT",
                    "the gunicorn dependency and manage.py DJANGO_SETTINGS_MODULE",
                    file(directory, project.get().replace('.', '/') + "/wsgi.py"), Optional.of("gunicorn")));
        }
        if (Files.isRegularFile(directory.resolve("manage.py"))) {
            return Optional.of(start("python manage.py runserver 127.0.0.1:$PORT --noreload", "manage.py (Django's "
                    + "development server, as no gunicorn dependency or Procfile says otherwise)",
                    project.flatMap(pkg -> file(directory, pkg.replace('.', '/') + "/urls.py")),
                    Optional.of("runserver")));
        }
        return Optional.empty();
    }

    private static Optional<String> serverOf(String command) {
        return Procfile.words(command).stream().map(word -> word.replaceFirst("^.*/", ""))
                .filter(word -> List.of("gunicorn", "uvicorn", "hypercorn", "daphne", "waitress-serve")
                        .contains(word)).findFirst();
    }

    /** The file a command runs: a word ending in .py, or the module of a {@code module:app} word. */
    private static Optional<Path> entryOf(Path directory, String command) {
        return Procfile.words(command).stream()
                .map(word -> {
                    Matcher module = MODULE_OBJECT.matcher(word);
                    return module.matches() ? module.group(1).replace('.', '/') + ".py" : word;
                })
                .filter(word -> word.endsWith(".py")).flatMap(word -> file(directory, word).stream()).findFirst();
    }

    /**
     * The package holding the Django project's wsgi.py, e.g. {@code mysite}: the {@code WSGI_APPLICATION} of the
     * settings module manage.py names (or of the settings package's other modules, such as {@code base.py}), else the
     * settings module's package when it holds a wsgi.py.
     */
    static Optional<String> djangoProject(Path directory) {
        Optional<String> settings = ProjectFiles.read(directory.resolve("manage.py")).map(SETTINGS::matcher)
                .filter(Matcher::find).map(matcher -> matcher.group(1));
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        for (Path file : settingsFiles(directory, settings.get())) {
            Optional<String> wsgi = ProjectFiles.read(file).map(WSGI_APPLICATION::matcher).filter(Matcher::find)
                    .map(matcher -> matcher.group(1));
            if (wsgi.isPresent()) {
                return wsgi;
            }
        }
        String[] parts = settings.get().split("\\.");
        for (int length = parts.length - 1; length >= 1; length--) {
            String pkg = String.join(".", Arrays.copyOf(parts, length));
            if (Files.isRegularFile(directory.resolve(pkg.replace('.', '/') + "/wsgi.py"))) {
                return Optional.of(pkg);
            }
        }
        return Optional.empty();
    }

    /** The settings module's file and, when it is in a settings package, the package's other modules. */
    static List<Path> settingsFiles(Path directory, String settingsModule) {
        Path module = directory.resolve(settingsModule.replace('.', '/') + ".py");
        List<Path> files = new ArrayList<>();
        files.add(module);
        files.add(directory.resolve(settingsModule.replace('.', '/') + "/__init__.py"));
        Path parent = module.getParent();
        if (parent != null && Files.isRegularFile(parent.resolve("__init__.py"))
                && parent.getFileName().toString().equals("settings")) {
            ProjectFiles.find(parent, 0, 20, file -> file.getFileName().toString().endsWith(".py"))
                    .stream().filter(file -> !files.contains(file)).forEach(files::add);
        }
        return files;
    }

    private static Optional<String> firstExisting(Path directory, String... names) {
        return Arrays.stream(names).filter(name -> Files.isRegularFile(directory.resolve(name))).findFirst();
    }

    private static Optional<Path> file(Path directory, String relative) {
        Path base = directory.toAbsolutePath().normalize();
        Path file = base.resolve(relative).normalize();
        return file.startsWith(base) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static InvalidInputException noStart(Path directory) {
        return new InvalidInputException(Agent.COMPILER, "cannot tell how to start the Python app in " + directory
                + ": there is no Procfile web line, no gunicorn/uvicorn setup HiveMind recognizes and no app.py, "
                + "main.py or server.py", "Detecting the start command of the Python application in " + directory,
                "Add a Procfile with the command that starts the web server, e.g. 'web: gunicorn app:app --bind "
                + "127.0.0.1:$PORT', or an app.py that listens on $PORT");
    }
}
