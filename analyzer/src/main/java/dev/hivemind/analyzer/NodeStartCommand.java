package dev.hivemind.analyzer;

import dev.hivemind.api.Agent;
import dev.hivemind.api.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How an app starts: {@code scripts.start} run by its package manager, else {@code node <main>} when that file
 * exists, else {@code node} on the first of {@code server.js}, {@code index.js}, {@code app.js} that exists.
 * Also finds the entry file, where the health path is looked for first.
 */
final class NodeStartCommand {
    static final List<String> DEFAULT_ENTRIES = List.of("server.js", "index.js", "app.js");
    private static final List<String> MODULE_SUFFIXES = List.of("", ".js", ".mjs", ".cjs", "/index.js");
    private static final Pattern SCRIPT_FILE = Pattern.compile(".+\\.(?:[cm]?js|[cm]?ts)$");
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._/@+=-]+");

    private NodeStartCommand() {
    }

    /** The command and, when one could be told, the file it runs. */
    record Start(Finding command, Optional<Path> entry) {
    }

    static Start detect(Path directory, PackageJson packageJson, PackageManager manager) {
        Optional<Path> mainFile = packageJson.main().flatMap(main -> resolveModule(directory, main));
        Optional<Path> defaultFile = DEFAULT_ENTRIES.stream().map(directory::resolve)
                .filter(Files::isRegularFile).findFirst();
        Optional<String> script = packageJson.script("start");
        if (script.isPresent()) {
            Optional<Path> entry = scriptEntry(directory, script.get()).or(() -> mainFile).or(() -> defaultFile);
            return new Start(new Finding(manager.startCommand(), "start_command '" + manager.startCommand()
                    + "' from package.json scripts.start (" + script.get() + ")"), entry);
        }
        if (mainFile.isPresent()) {
            String command = "node " + shellWord(packageJson.main().orElseThrow());
            return new Start(new Finding(command, "start_command '" + command + "' from package.json main"),
                    mainFile);
        }
        if (defaultFile.isPresent()) {
            String name = defaultFile.get().getFileName().toString();
            String command = "node " + name;
            return new Start(new Finding(command, "start_command '" + command + "' from " + name
                    + " (package.json has no scripts.start" + (packageJson.main().isPresent()
                    ? " and its main file " + packageJson.main().get() + " does not exist)" : " and no main)")),
                    defaultFile);
        }
        throw noStart(directory, packageJson);
    }

    /** Resolves {@code main} the way Node.js does for a file or a directory, staying inside the app. */
    static Optional<Path> resolveModule(Path directory, String main) {
        Path base = directory.toAbsolutePath().normalize();
        return MODULE_SUFFIXES.stream().map(suffix -> base.resolve(main + suffix).normalize())
                .filter(candidate -> candidate.startsWith(base) && Files.isRegularFile(candidate))
                .findFirst();
    }

    private static Optional<Path> scriptEntry(Path directory, String script) {
        return Arrays.stream(script.split("\\s+")).map(word -> word.replaceAll("^['\"]|['\"]$", ""))
                .filter(word -> SCRIPT_FILE.matcher(word).matches())
                .map(word -> resolveModule(directory, word)).flatMap(Optional::stream).findFirst();
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
                "Add a start script to package.json, e.g. \"scripts\": { \"start\": \"node server.js\" }");
    }
}
