package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.node.NodeLibraries;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a Python app starts: the Procfile's {@code web:} line; else gunicorn on the WSGI module for a Flask or Django
 * app that depends on gunicorn; else uvicorn for FastAPI and Starlette; else the framework's own server for Django
 * ({@code manage.py runserver}) and Flask ({@code flask run}), told to listen on {@code $PORT}; else
 * {@code python} on the first of app.py, main.py and server.py (how Tornado and aiohttp apps start: they read
 * {@code PORT} themselves). {@code $PORT} is left for the shell: the agent sets {@code PORT} (and
 * {@code HOST=127.0.0.1}) when it starts the command. The command runs with the artifact's virtual
 * environment first on the PATH, so {@code python}, {@code gunicorn} and {@code uvicorn} are the installed ones.
 */
public final class PythonStartCommand {
    static final List<String> ENTRY_FILES = List.of("app.py", "main.py", "server.py", "wsgi.py", "manage.py");
    /** The files {@code python <file>} may start, in order. */
    static final List<String> SCRIPTS = List.of("app.py", "main.py", "server.py");
    /** Puts the virtual environment the builder creates first on the PATH of the whole command. */
    public static final String VENV_PREFIX = "export PATH=\"$PWD/.venv/bin:$PATH\" VIRTUAL_ENV=\"$PWD/.venv\" && ";
    private static final Pattern SETTINGS = Pattern.compile(
            "DJANGO_SETTINGS_MODULE['\"]\\s*,\\s*['\"]([A-Za-z_][\\w.]*)\\.settings['\"]");
    private static final Pattern MODULE_OBJECT = Pattern.compile("^([A-Za-z_][\\w.]*):[A-Za-z_]\\w*$");

    private PythonStartCommand() {
    }

    /** The command (with the virtual environment prefix) and, when one could be told, the file it runs. */
    record Start(Finding command, Optional<Path> entry) {
    }

    static Start detect(Path directory, PythonProject project, String framework) {
        Optional<String> web = Procfile.web(directory);
        if (web.isPresent()) {
            return start(web.get(), Procfile.SOURCE, entryOf(directory, web.get()));
        }
        boolean gunicorn = project.dependency("gunicorn").isPresent();
        if (gunicorn && framework.equals("django")) {
            Optional<String> settings = djangoProject(directory);
            if (settings.isPresent()) {
                return start("gunicorn " + settings.get() + ".wsgi:application --bind 127.0.0.1:$PORT",
                        "the gunicorn dependency and manage.py DJANGO_SETTINGS_MODULE",
                        file(directory, settings.get().replace('.', '/') + "/wsgi.py"));
            }
        }
        if (gunicorn && framework.equals("flask")) {
            Optional<String> module = firstExisting(directory, "wsgi.py", "app.py", "main.py");
            if (module.isPresent()) {
                String name = module.get().replace(".py", "");
                return start("gunicorn " + name + ":app --bind 127.0.0.1:$PORT",
                        "the gunicorn and flask dependencies and " + module.get(), file(directory, module.get()));
            }
        }
        if (framework.equals("fastapi") || framework.equals("starlette")) {
            Optional<String> module = firstExisting(directory, "main.py", "app.py");
            if (module.isPresent()) {
                return start("uvicorn " + module.get().replace(".py", "") + ":app --host 127.0.0.1 --port $PORT",
                        "the " + framework + " dependency and " + module.get(), file(directory, module.get()));
            }
        }
        if (framework.equals("django") && Files.isRegularFile(directory.resolve("manage.py"))) {
            return start("python manage.py runserver 127.0.0.1:$PORT --noreload", "manage.py (Django's "
                    + "development server, as no gunicorn dependency or Procfile says otherwise)",
                    djangoProject(directory).flatMap(pkg -> file(directory, pkg.replace('.', '/') + "/urls.py")));
        }
        if (framework.equals("flask")) {
            Optional<String> module = firstExisting(directory, "wsgi.py", "app.py", "main.py");
            if (module.isPresent()) {
                return start("flask --app " + module.get().replace(".py", "") + " run --host 127.0.0.1 --port $PORT",
                        module.get() + " (Flask's development server, as no gunicorn dependency or Procfile says "
                        + "otherwise)", file(directory, module.get()));
            }
        }
        Optional<String> script = ProjectFiles.first(directory, SCRIPTS);
        if (script.isPresent()) {
            String because = framework.equals(NodeLibraries.NO_FRAMEWORK) ? "" : "the " + framework
                    + " dependency and ";
            return start("python " + script.get(), because + script.get() + " (there is no Procfile web line, "
                    + "so the app must listen on PORT itself)", file(directory, script.get()));
        }
        throw noStart(directory);
    }

    /** Whether the directory holds a top-level entry file (app.py, main.py, wsgi.py or manage.py). */
    static boolean hasEntryFile(Path directory) {
        return ENTRY_FILES.stream().anyMatch(name -> Files.isRegularFile(directory.resolve(name)));
    }

    private static Start start(String command, String source, Optional<Path> entry) {
        return new Start(new Finding(VENV_PREFIX + command, "start_command '" + command + "' from " + source
                + ", run with .venv/bin first on the PATH"), entry);
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

    /** The Django project package named by manage.py's settings module, e.g. {@code mysite}. */
    private static Optional<String> djangoProject(Path directory) {
        return ProjectFiles.read(directory.resolve("manage.py")).map(SETTINGS::matcher).filter(Matcher::find)
                .map(settings -> settings.group(1));
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
