package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.DeclaredPort;
import dev.hivemind.analyzer.stack.Dockerfile;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The port a Python app listens on when nothing tells it otherwise, in this order of trust: a literal in the
 * Procfile's web line ({@code --bind 0.0.0.0:8000}, {@code -b :8000}, {@code --port 8000}); the shell scripts the
 * Procfile or the Dockerfile runs ({@code boot.sh}: {@code exec gunicorn -b :5000 ...}); gunicorn's configuration
 * file ({@code bind = "0.0.0.0:8000"}) and the environment files ({@code .env.example} {@code PORT}, Flask's
 * {@code .flaskenv} {@code FLASK_RUN_PORT}); a declaration in the code ({@link DeclaredPort#PYTHON}); the Dockerfile;
 * last the default of the server the start command runs (Django's 8000, gunicorn's and uvicorn's 8000, flask run's
 * 5000).
 */
final class PythonPort {
    static final int DJANGO_PORT = 8000;
    private static final List<String> GUNICORN_CONFIGS = List.of("gunicorn.conf.py", "gunicorn_config.py",
            "gunicorn.py", "config/gunicorn.py");
    private static final Pattern BIND = Pattern.compile(
            "(?m)^bind\\s*=\\s*\\[?\\s*['\"][^'\"]*:(\\d{2,5})['\"]");

    private PythonPort() {
    }

    static Optional<Finding> detect(Path directory, String framework, PythonStartCommand.Start start) {
        Optional<String> web = Procfile.web(directory);
        List<String> commands = new ArrayList<>(web.stream().toList());
        Dockerfile.read(directory).flatMap(Dockerfile::command).ifPresent(commands::add);
        return web.flatMap(command -> DeclaredPort.inCommand(command, Procfile.SOURCE))
                .or(() -> PortSources.inScripts(directory, commands))
                .or(() -> gunicornConfig(directory))
                .or(() -> PortSources.inEnvironmentFiles(directory, List.of("PORT", "FLASK_RUN_PORT"),
                        List.of(".flaskenv")))
                .or(() -> DeclaredPort.PYTHON.inCode(directory, start.entry()))
                .or(() -> PortSources.inDockerfile(directory, List.of("PORT")))
                .or(() -> serverDefault(framework, start.server()));
    }

    private static Optional<Finding> gunicornConfig(Path directory) {
        for (String file : GUNICORN_CONFIGS) {
            Optional<Matcher> bind = ProjectFiles.read(directory.resolve(file)).map(BIND::matcher).filter(Matcher::find);
            if (bind.isPresent()) {
                return Optional.of(PortSources.declaredAt(Integer.parseInt(bind.get().group(1)), file + " ("
                        + bind.get().group().strip() + ")"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> serverDefault(String framework, Optional<String> server) {
        if (framework.equals("django")) {
            return Optional.of(new Finding(String.valueOf(DJANGO_PORT), "port " + DJANGO_PORT + " is Django's default "
                    + "(manage.py runserver and gunicorn listen there when not told otherwise)"));
        }
        return server.flatMap(name -> switch (name) {
            case "gunicorn" -> Optional.of(PortSources.frameworkDefault(8000, "gunicorn"));
            case "uvicorn" -> Optional.of(PortSources.frameworkDefault(8000, "uvicorn"));
            case "flask run" -> Optional.of(PortSources.frameworkDefault(5000, "flask run"));
            default -> Optional.empty();
        });
    }
}
