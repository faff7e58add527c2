package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.stack.ConfiguredStart;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a Node.js app starts, the first that applies winning: the Procfile's {@code web:} line;
 * {@code scripts.start:prod} (NestJS's production script; its {@code start} compiles on every start) or
 * {@code scripts.start}, run by the package manager; the framework's own production server
 * ({@link NodeFrameworkStart}); {@code node <main>} when that file exists, or when it is the build output of a
 * TypeScript source and package.json has a build script; else {@code node} on the first of {@code server.js},
 * {@code index.js}, {@code app.js} that exists; else {@code hivemind.yaml}'s {@code start:} ({@link ConfiguredStart}). Also finds the entry file the health and port scans read first:
 * the file the command runs, or the TypeScript file it is compiled from.
 */
final class NodeStartCommand {
    static final List<String> DEFAULT_ENTRIES = List.of("server.js", "index.js", "app.js");
    private static final List<String> MODULE_SUFFIXES = List.of("", ".js", ".mjs", ".cjs", "/index.js");
    private static final List<String> START_SCRIPTS = List.of("start:prod", "start");
    private static final Pattern SCRIPT_FILE = Pattern.compile(".+\\.(?:[cm]?js|[cm]?ts|tsx)$");
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._/@+=-]+");

    private NodeStartCommand() {
    }

    /** The command and, when one could be told, the file it runs. */
    record Start(Finding command, Optional<Path> entry) {
    }

    static Start detect(Path directory, PackageJson packageJson, PackageManager manager, String framework) {
        Optional<String> web = Procfile.web(directory);
        if (web.isPresent()) {
            return new Start(new Finding(web.get(), "start_command '" + web.get() + "' from " + Procfile.SOURCE),
                    entryOf(directory, web.get()).or(() -> mainEntry(directory, packageJson)));
        }
        for (String name : START_SCRIPTS) {
            Optional<String> script = packageJson.script(name);
            if (script.isPresent()) {
                String command = name.equals("start") ? manager.startCommand()
                        : String.join(" ", manager.runScriptCommand(name));
                return new Start(new Finding(command, "start_command '" + command + "' from package.json scripts."
                        + name + " (" + script.get() + ")"), entryOf(directory, script.get())
                        .or(() -> mainEntry(directory, packageJson)).or(() -> defaultFile(directory)));
            }
        }
        return NodeFrameworkStart.of(directory, packageJson, manager, framework)
                .or(() -> fromMain(directory, packageJson))
                .or(() -> fromDefaultFile(directory, packageJson))
                .or(() -> ConfiguredStart.finding().map(start -> new Start(start, entryOf(directory, start.value()))))
                .orElseThrow(() -> noStart(directory, packageJson));
    }

    /** Resolves {@code main} the way Node.js does for a file or a directory, staying inside the app. */
    static Optional<Path> resolveModule(Path directory, String main) {
        Path base = directory.toAbsolutePath().normalize();
        return MODULE_SUFFIXES.stream().map(suffix -> base.resolve(main + suffix).normalize())
                .filter(candidate -> candidate.startsWith(base) && Files.isRegularFile(candidate))
                .findFirst();
    }

    /**
     * The file a command runs: the first word that names a module in the app, or whose TypeScript source is in the
     * app ({@code node dist/server.js}, {@code ts-node src/index.ts}, {@code tsx watch src/main.ts}).
     */
    static Optional<Path> entryOf(Path directory, String command) {
        return Procfile.words(command).stream()
                .filter(word -> !word.startsWith("-") && !word.contains("=") && !word.contains("$"))
                .flatMap(word -> resolveModule(directory, word)
                        .or(() -> pathLike(word) ? TypeScriptSource.of(directory, word) : Optional.empty())
                        .stream())
                .findFirst();
    }

    private static Optional<Start> fromMain(Path directory, PackageJson packageJson) {
        if (packageJson.main().isEmpty()) {
            return Optional.empty();
        }
        String main = packageJson.main().get();
        String command = "node " + shellWord(main);
        Optional<Path> file = resolveModule(directory, main);
        if (file.isPresent()) {
            return Optional.of(new Start(new Finding(command, "start_command '" + command
                    + "' from package.json main"), file));
        }
        Optional<Path> source = TypeScriptSource.of(directory, main);
        Optional<String> build = packageJson.script("build");
        if (source.isPresent() && build.isPresent()) {
            return Optional.of(new Start(new Finding(command, "start_command '" + command + "' from package.json "
                    + "main, which scripts.build (" + build.get() + ") compiles from "
                    + ProjectFiles.relative(directory.toAbsolutePath().normalize(), source.get())), source));
        }
        return Optional.empty();
    }

    private static Optional<Start> fromDefaultFile(Path directory, PackageJson packageJson) {
        return defaultFile(directory).map(file -> {
            String name = file.getFileName().toString();
            String command = "node " + name;
            return new Start(new Finding(command, "start_command '" + command + "' from " + name
                    + " (package.json has no scripts.start" + (packageJson.main().isPresent()
                    ? " and its main file " + packageJson.main().get() + " does not exist)" : " and no main)")),
                    Optional.of(file));
        });
    }

    private static Optional<Path> mainEntry(Path directory, PackageJson packageJson) {
        return packageJson.main().flatMap(main -> resolveModule(directory, main)
                .or(() -> TypeScriptSource.of(directory, main)));
    }

    private static Optional<Path> defaultFile(Path directory) {
        return DEFAULT_ENTRIES.stream().map(directory::resolve).filter(Files::isRegularFile).findFirst();
    }

    private static boolean pathLike(String word) {
        return word.contains("/") || SCRIPT_FILE.matcher(word).matches();
    }

    private static String shellWord(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static InvalidInputException noStart(Path directory, PackageJson packageJson) {
        String main = packageJson.main().map(name -> ", its main file " + name + " does not exist").orElse("");
        return new InvalidInputException(Agent.COMPILER, "cannot tell how to start the Node.js app in " + directory
                + ": package.json has no scripts.start" + main + " and there is no "
                + String.join(", ", DEFAULT_ENTRIES),
                "Detecting the start command of the Node.js application in " + directory,
                "Add a start script to package.json, e.g. \"scripts\": { \"start\": \"node server.js\" }, or a "
                + "Procfile with a web: line");
    }
}
