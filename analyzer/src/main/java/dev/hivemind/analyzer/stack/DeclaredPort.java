package dev.hivemind.analyzer.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The port an app declares: a literal in its start command ({@code --bind 0.0.0.0:8000}, {@code --port 8000},
 * {@code -p 3000}, {@code runserver 0.0.0.0:8000}) or in its code, either as the fallback of the {@code PORT}
 * variable ({@code process.env.PORT || 3000}, {@code os.environ.get("PORT", 5000)}) or as a plain literal
 * ({@code app.listen(3000)}, {@code app.run(port=5000)}). The code is read in the order of the {@link
 * HealthPathScanner} of the language, entry file first, the earliest declaration in a file winning. When the port is
 * a plain literal and no file read reads {@code PORT}, the evidence says so: such an app listens there whatever
 * {@code PORT} says.
 */
public final class DeclaredPort {
    private static final String NUMBER = "(?<port>\\d{2,5})\\b";
    private static final int QUOTED_LENGTH = 80;
    private static final List<Pattern> IN_COMMAND = List.of(
            Pattern.compile("(?:--bind|-b|--http|--listen|--addr|--address|--urls|-S)(?:\\s+|=)['\"]?[^\\s'\"]*:"
                    + NUMBER),
            Pattern.compile("(?:--port|-p|-P)(?:\\s+|=)['\"]?" + NUMBER),
            Pattern.compile("\\brunserver\\s+(?:[^\\s:]*:)?" + NUMBER),
            Pattern.compile("\\bPORT=" + NUMBER));
    public static final DeclaredPort NODE = new DeclaredPort(HealthPathScanner.NODE, List.of(
            fallback("process\\.env(?:\\.PORT|\\[['\"]PORT['\"]])\\s*\\)?\\s*(?:\\|\\||\\?\\?)\\s*['\"]?" + NUMBER
                    + "['\"]?"),
            literal("\\.listen\\(\\s*" + NUMBER),
            literal("\\b(?:listen|serve)\\(\\s*\\{[^}]*?\\bport\\s*:\\s*" + NUMBER),
            literal("(?i)\\b(?:const|let|var)\\s+port\\s*=\\s*" + NUMBER)),
            Pattern.compile("process\\.env(?:\\.PORT\\b|\\[['\"]PORT['\"]])"
                    + "|\\bPORT\\b[^}\\n]*}\\s*=\\s*process\\.env"), SourceComments::cStyle);
    public static final DeclaredPort PYTHON = new DeclaredPort(HealthPathScanner.PYTHON, List.of(
            fallback("\\b(?:os\\.environ\\.get|environ\\.get|os\\.getenv|getenv)\\(\\s*['\"]PORT['\"]\\s*,\\s*['\"]?"
                    + NUMBER + "['\"]?\\)?"),
            literal("\\.(?:run|run_app)\\s*\\([^\\n]*?\\bport\\s*=\\s*" + NUMBER),
            literal("\\.listen\\(\\s*" + NUMBER),
            literal("HTTPServer\\(\\s*\\(\\s*['\"][^'\"]*['\"]\\s*,\\s*" + NUMBER),
            literal("(?m)^\\s*bind\\s*=\\s*\\[?\\s*['\"][^'\"]*:" + NUMBER),
            literal("(?m)^PORT\\s*=\\s*" + NUMBER + "\\s*$")),
            Pattern.compile("\\b(?:environ(?:\\.get)?\\s*[\\[(]|getenv\\()\\s*['\"]PORT['\"]"),
            SourceComments::hashStyle);

    private final HealthPathScanner files;
    private final List<Declaration> declarations;
    private final Pattern readsPort;
    private final UnaryOperator<String> withoutComments;

    private DeclaredPort(HealthPathScanner files, List<Declaration> declarations, Pattern readsPort,
                         UnaryOperator<String> withoutComments) {
        this.files = files;
        this.declarations = declarations;
        this.readsPort = readsPort;
        this.withoutComments = withoutComments;
    }

    /** A port literal in {@code command}, e.g. {@code 8000} in {@code gunicorn app:app -b 0.0.0.0:8000}. */
    public static Optional<Finding> inCommand(String command, String source) {
        Optional<Found> first = Optional.empty();
        for (Pattern pattern : IN_COMMAND) {
            Matcher matcher = pattern.matcher(command);
            if (matcher.find() && valid(matcher) && (first.isEmpty() || matcher.start() < first.get().offset())) {
                first = Optional.of(new Found(Integer.parseInt(matcher.group("port")), matcher.group().strip(),
                        matcher.start(), true));
            }
        }
        boolean usesPort = command.contains("$PORT") || command.contains("${PORT");
        return first.map(found -> new Finding(String.valueOf(found.port()), "port " + found.port() + " from "
                + source + " (" + found.text() + ")" + (usesPort ? "" : "; the command does not use $PORT, so "
                + "the app listens on " + found.port() + " whatever PORT says"), !usesPort));
    }

    /** The first port the code declares outside its comments, entry file first. */
    public Optional<Finding> inCode(Path directory, Optional<Path> entry) {
        Path root = directory.toAbsolutePath().normalize();
        List<Path> scanned = files.files(root, entry);
        for (Path file : scanned) {
            String code = ProjectFiles.read(file).orElse("");
            Optional<Found> found = first(withoutComments.apply(code));
            if (found.isPresent()) {
                return Optional.of(finding(root, file, code, found.get(), scanned));
            }
        }
        return Optional.empty();
    }

    private Finding finding(Path directory, Path file, String code, Found found, List<Path> scanned) {
        String where = "port " + found.port() + " from " + ProjectFiles.relative(directory, file) + " line "
                + ProjectFiles.lineOf(code, found.offset()) + " (" + lineAt(code, found.offset()) + ")";
        boolean readsPortVariable = found.readsPort() || scanned.stream()
                .anyMatch(other -> readsPort.matcher(withoutComments.apply(ProjectFiles.read(other).orElse("")))
                        .find());
        return new Finding(String.valueOf(found.port()), readsPortVariable ? where : where + ", and no file read "
                + "reads the PORT environment variable: the app listens on " + found.port() + " whatever PORT says",
                !readsPortVariable);
    }

    /** The line holding {@code offset}, stripped and cut to {@value #QUOTED_LENGTH} characters. */
    private static String lineAt(String code, int offset) {
        int start = code.lastIndexOf('\n', offset) + 1;
        int end = code.indexOf('\n', offset);
        String line = code.substring(start, end < 0 ? code.length() : end).strip();
        return line.length() <= QUOTED_LENGTH ? line : line.substring(0, QUOTED_LENGTH) + "...";
    }

    private Optional<Found> first(String code) {
        Optional<Found> first = Optional.empty();
        for (Declaration declaration : declarations) {
            Matcher matcher = declaration.pattern().matcher(code);
            while (matcher.find()) {
                if (valid(matcher)) {
                    int start = matcher.start() + leadingWhitespace(matcher.group());
                    if (first.isEmpty() || start < first.get().offset()) {
                        first = Optional.of(new Found(Integer.parseInt(matcher.group("port")),
                                matcher.group().strip(), start, declaration.readsPort()));
                    }
                    break;
                }
            }
        }
        return first;
    }

    /** A match may begin on the blank lines before the declaration ({@code (?m)^\\s*bind}); its text starts after. */
    private static int leadingWhitespace(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean valid(Matcher matcher) {
        int port = Integer.parseInt(matcher.group("port"));
        return port >= 1 && port <= 65_535;
    }

    private static Declaration fallback(String regex) {
        return new Declaration(Pattern.compile(regex), true);
    }

    private static Declaration literal(String regex) {
        return new Declaration(Pattern.compile(regex), false);
    }

    /** A way code declares a port, and whether it is the fallback of the PORT variable. */
    private record Declaration(Pattern pattern, boolean readsPort) {
    }

    private record Found(int port, String text, int offset, boolean readsPort) {
    }
}
