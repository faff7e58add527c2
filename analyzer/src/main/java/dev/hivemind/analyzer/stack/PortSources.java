package dev.hivemind.analyzer.stack;

import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an app declares its port outside its code, shared by every stack, each read in the issue's order of trust
 * by the detectors: the shell scripts its start command (or its Dockerfile) runs, the environment files it reads
 * ({@code .env.example} and the like), and its Dockerfile. Every finding's evidence reads {@code port N from ...}; a
 * framework's own default reads {@code port N is the default of ...} ({@link #frameworkDefault}), which is how
 * {@link #declared} tells the two apart.
 */
public final class PortSources {
    /** Scripts that start apps by convention, looked at even when no command names them. */
    private static final List<String> SCRIPTS = List.of("boot.sh", "start.sh", "entrypoint.sh",
            "docker-entrypoint.sh", "run.sh", "bin/start", "scripts/start.sh");
    private static final List<String> ENV_FILES = List.of(".env.example", ".env.sample", ".env.template",
            ".env.dist", ".env.defaults", ".env");
    private static final Pattern SCRIPT_WORD = Pattern.compile("^(?:\\./)?[\\w./-]+$");
    private static final Pattern SHELL = Pattern.compile("#!\\s*\\S*/(?:env\\s+)?(?:ba|da|z)?sh\\b");
    private static final Pattern PORT_IN_VALUE = Pattern.compile("(?:^|:)(\\d{2,5})(?:/|;|$)");
    private static final int MAX_SCRIPTS = 6;

    private PortSources() {
    }

    /** A port the app itself declares somewhere, with the evidence {@code port N from <source>}. */
    public static Finding declaredAt(int port, String source) {
        return new Finding(String.valueOf(port), "port " + port + " from " + source);
    }

    /** The port a framework or server listens on when nothing says otherwise, e.g. Next.js's 3000. */
    public static Finding frameworkDefault(int port, String whose) {
        return new Finding(String.valueOf(port), "port " + port + " is the default of " + whose
                + " (nothing in the repository names another)");
    }

    /**
     * Whether the stack's port was declared by the app (its command, scripts, configuration, code, Dockerfile or
     * hivemind.yaml) rather than taken from its framework's default: the last evidence line about the port says
     * {@code port N from}.
     */
    public static boolean declared(TechStack stack) {
        if (stack.port().isEmpty()) {
            return false;
        }
        String prefix = "port " + stack.port().get() + " ";
        return stack.evidence().stream().filter(line -> line.startsWith(prefix)).reduce((first, last) -> last)
                .filter(line -> line.startsWith(prefix + "from ")).isPresent();
    }

    /**
     * The shell scripts the commands run (a word naming a file of the app, such as {@code ./boot.sh}), then the
     * conventional start scripts ({@code boot.sh}, {@code start.sh}, {@code entrypoint.sh}, ...), as paths relative
     * to {@code directory}.
     */
    public static List<String> scripts(Path directory, List<String> commands) {
        Set<String> scripts = new LinkedHashSet<>();
        for (String command : commands) {
            for (String word : Procfile.words(command)) {
                String relative = word.startsWith("./") ? word.substring(2) : word.startsWith("/") ? "" : word;
                if (SCRIPT_WORD.matcher(word).matches() && !relative.isEmpty() && isScript(directory, relative)) {
                    scripts.add(relative);
                }
            }
        }
        SCRIPTS.stream().filter(name -> isScript(directory, name)).forEach(scripts::add);
        return scripts.stream().limit(MAX_SCRIPTS).toList();
    }

    /** The lines of the scripts, each with where it is ({@code boot.sh line 3}). */
    public static List<Line> scriptLines(Path directory, List<String> scripts) {
        List<Line> lines = new ArrayList<>();
        for (String script : scripts) {
            List<String> text = ProjectFiles.read(directory.resolve(script)).map(s -> s.lines().toList())
                    .orElse(List.of());
            for (int i = 0; i < text.size(); i++) {
                String line = text.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    lines.add(new Line(line, script + " line " + (i + 1)));
                }
            }
        }
        return lines;
    }

    /** A line of a script or a Dockerfile and where it is. */
    public record Line(String text, String where) {
    }

    /** A port literal in a line of the scripts ({@code exec gunicorn -b :5000 ...}). */
    public static Optional<Finding> inScripts(Path directory, List<String> commands) {
        for (Line line : scriptLines(directory, scripts(directory, commands))) {
            Optional<Finding> found = DeclaredPort.inCommand(line.text(), line.where());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * {@code PORT=5000} (or one of {@code variables}) in an environment file the app reads with dotenv or a
     * framework: {@code .env.example}, {@code .env.sample}, ..., {@code .env}, then the {@code extraFiles} (e.g.
     * Flask's {@code .flaskenv}).
     */
    public static Optional<Finding> inEnvironmentFiles(Path directory, List<String> variables, List<String> extraFiles) {
        List<String> files = new ArrayList<>(ENV_FILES);
        files.addAll(extraFiles);
        Pattern assignment = null;
        for (String file : files) {
            Optional<String> text = ProjectFiles.read(directory.resolve(file));
            if (text.isPresent()) {
                if (assignment == null) {
                    assignment = Pattern.compile("(?m)^\\s*(?:export\\s+)?(" + String.join("|", variables)
                            + ")\\s*=\\s*[\"']?(\\d{2,5})[\"']?\\s*(?:#.*)?$");
                }
                Matcher matcher = assignment.matcher(text.get());
                if (matcher.find() && valid(matcher.group(2))) {
                    return Optional.of(declaredAt(Integer.parseInt(matcher.group(2)), file + " "
                            + matcher.group(1) + "=" + matcher.group(2)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The port the Dockerfile gives: an {@code ENV} of one of {@code variables} (usually {@code PORT}), a literal in
     * its command ({@code --port 80}, {@code -b :8000}), then its first {@code EXPOSE}.
     */
    public static Optional<Finding> inDockerfile(Path directory, List<String> variables) {
        return Dockerfile.read(directory).flatMap(dockerfile -> inDockerfile(dockerfile, variables));
    }

    static Optional<Finding> inDockerfile(Dockerfile dockerfile, List<String> variables) {
        for (String variable : variables) {
            String value = dockerfile.env().get(variable);
            Optional<String> port = value == null ? Optional.empty() : portIn(value);
            if (port.isPresent()) {
                return Optional.of(declaredAt(Integer.parseInt(port.get()), dockerfile.file() + " ENV " + variable
                        + "=" + value));
            }
        }
        Optional<Finding> inCommand = dockerfile.command().flatMap(command -> DeclaredPort.inCommand(command,
                dockerfile.file() + " command"));
        if (inCommand.isPresent()) {
            return inCommand.map(found -> declaredAt(Integer.parseInt(found.value()), dockerfile.file()
                    + " command (" + dockerfile.command().orElseThrow() + ")"));
        }
        return dockerfile.exposed().stream().findFirst().map(port -> declaredAt(port, dockerfile.file()
                + " EXPOSE " + port));
    }

    /** {@code 8080}, or the port of {@code http://+:8080} or {@code 0.0.0.0:8080}. */
    private static Optional<String> portIn(String value) {
        Matcher matcher = PORT_IN_VALUE.matcher(value.strip());
        return matcher.find() && valid(matcher.group(1)) ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static boolean valid(String port) {
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65_535;
    }

    private static boolean isScript(Path directory, String relative) {
        int slash = relative.lastIndexOf('/');
        String name = relative.substring(slash + 1);
        if (!name.endsWith(".sh") && name.contains(".")) {
            return false;
        }
        Path file = directory.resolve(relative);
        if (!ProjectFiles.isFile(file)
                || !file.toAbsolutePath().normalize().startsWith(directory.toAbsolutePath().normalize())) {
            return false;
        }
        return name.endsWith(".sh") || ProjectFiles.read(file).filter(text -> SHELL.matcher(text).lookingAt())
                .isPresent();
    }
}
