package dev.hivemind.analyzer.stack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Heroku-style {@code Procfile} at the app's root: its {@code web:} line is the command that starts the web
 * process, whatever the language, and overrides the start command detection would otherwise give.
 */
public final class Procfile {
    public static final String FILE = "Procfile";
    /** Where a start command taken from the Procfile comes from, for evidence lines. */
    public static final String SOURCE = "Procfile web: line";
    private static final Pattern WEB = Pattern.compile("^web\\s*:\\s*(.+)$");

    private Procfile() {
    }

    public static boolean present(Path directory) {
        return ProjectFiles.has(directory, FILE);
    }

    /** The command of the {@code web:} process, when the directory has a Procfile with one. */
    public static Optional<String> web(Path directory) {
        return ProjectFiles.read(directory.resolve(FILE)).flatMap(text -> text.lines().map(String::strip)
                .map(WEB::matcher).filter(Matcher::matches).map(matcher -> matcher.group(1).strip())
                .findFirst());
    }

    /** The words of a command, each without the quotes around it, e.g. for finding the file it runs. */
    public static List<String> words(String command) {
        return Arrays.stream(command.strip().split("\\s+")).map(word -> word.replaceAll("^['\"]|['\"]$", ""))
                .filter(word -> !word.isEmpty()).toList();
    }
}
