package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.Dockerfile;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.Procfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the project itself starts its server outside a Procfile: a gunicorn, uvicorn or {@code fastapi run} line in
 * a shell script ({@code boot.sh}, {@code start.sh}, an entrypoint) or in the Dockerfile's command, e.g.
 * {@code exec gunicorn -b :5000 --access-logfile - microblog:app}. HiveMind keeps the server and the application it
 * names and binds it to {@code $PORT} itself.
 *
 * @param server      {@code gunicorn}, {@code uvicorn} or {@code fastapi}
 * @param application the application the line names
 * @param workerClass gunicorn's {@code -k}/{@code --worker-class}, when given (an ASGI app's uvicorn worker)
 * @param where       e.g. {@code boot.sh line 3}
 * @param line        the line as written
 */
record PythonServerLine(String server, PythonApplication application, Optional<String> workerClass, String where,
                        String line) {
    private static final Pattern SERVER = Pattern.compile("(?:^|[\\s/;&|(])(gunicorn|uvicorn|fastapi\\s+run)\\s+(.*)$");
    private static final Pattern WORKER = Pattern.compile("(?:-k|--worker-class)(?:\\s+|=)(\\S+)");
    /** Options of gunicorn and uvicorn that take a value, so the value is not taken for the application. */
    private static final Pattern VALUED = Pattern.compile("^-(?:b|w|k|c|t|e|-bind|-workers|-worker-class|-config|"
            + "-timeout|-threads|-host|-port|-log-level|-access-logfile|-error-logfile|-log-file|-chdir|-env|"
            + "-app-dir|-root-path|-name|-pythonpath|-graceful-timeout|-keep-alive|-max-requests|-log-config|"
            + "-forwarded-allow-ips|-proxy-headers|-uds|-fd|-loop|-http|-ws|-lifespan|-interface|-limit-concurrency|"
            + "-backlog|-ssl-keyfile|-ssl-certfile)$");

    /**
     * The first server line of the scripts the Dockerfile's command runs (and the conventional start scripts),
     * then of the Dockerfile's command itself, whose application is in the app.
     */
    static Optional<PythonServerLine> find(Path directory) {
        Optional<Dockerfile> dockerfile = Dockerfile.read(directory);
        List<PortSources.Line> lines = new ArrayList<>(PortSources.scriptLines(directory,
                PortSources.scripts(directory, dockerfile.flatMap(Dockerfile::command).stream().toList())));
        dockerfile.ifPresent(file -> file.command().ifPresent(command -> lines.add(new PortSources.Line(command,
                file.file() + " command"))));
        for (PortSources.Line line : lines) {
            Optional<PythonServerLine> found = parse(directory, line);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<PythonServerLine> parse(Path directory, PortSources.Line line) {
        Matcher matcher = SERVER.matcher(line.text());
        if (!matcher.find()) {
            return Optional.empty();
        }
        String server = matcher.group(1).startsWith("fastapi") ? "fastapi" : matcher.group(1);
        List<String> words = Procfile.words(matcher.group(2));
        Optional<PythonApplication> application = Optional.empty();
        for (int i = 0; i < words.size() && application.isEmpty(); i++) {
            String word = words.get(i);
            if (VALUED.matcher(word).matches()) {
                i++;
            } else if (!word.startsWith("-")) {
                application = server.equals("fastapi") ? PythonApplication.ofFile(directory, word)
                        : PythonApplication.ofTarget(directory, word);
            }
        }
        Matcher worker = WORKER.matcher(matcher.group(2));
        Optional<String> workerClass = worker.find() ? Optional.of(worker.group(1)) : Optional.empty();
        return application.map(found -> new PythonServerLine(server, found, workerClass, line.where(),
                line.text()));
    }
}
