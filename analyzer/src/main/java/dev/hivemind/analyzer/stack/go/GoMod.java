package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code go.mod} declares: the module path, the {@code go} and {@code toolchain} directives and the
 * requirements, each marked when it is only {@code // indirect}. Read line by line as the go command writes it;
 * {@code replace}, {@code exclude}, {@code retract} and {@code godebug} are not needed and are skipped.
 *
 * @param module    e.g. {@code example.com/shop}
 * @param go        the go directive, e.g. {@code 1.21} (the Go version the module needs at least)
 * @param toolchain the toolchain directive without its {@code go} prefix, e.g. {@code 1.21.3}
 */
record GoMod(String module, Optional<String> go, Optional<String> toolchain, List<Requirement> requirements) {
    static final String FILE = "go.mod";
    /** A Go version as the go and toolchain directives write it: 1.21, 1.21.3, 1.22rc1. */
    static final Pattern VERSION = Pattern.compile("\\d+(?:\\.\\d+){0,2}(?:(?:rc|beta)\\d+)?");
    private static final Pattern DIRECTIVE = Pattern.compile("^(module|go|toolchain|require)\\s+(.+)$");
    private static final Pattern BLOCK = Pattern.compile("^(\\w+)\\s*\\($");

    GoMod {
        requirements = List.copyOf(requirements);
    }

    /**
     * One {@code require} line.
     *
     * @param indirect whether it carries {@code // indirect}: a module the build needs that no package of this
     *                 module imports directly
     */
    record Requirement(String path, String version, boolean indirect) {
    }

    /** The requirements without {@code // indirect}, in file order. */
    List<Requirement> direct() {
        return requirements.stream().filter(requirement -> !requirement.indirect()).toList();
    }

    Optional<Requirement> requirement(String path) {
        return requirements.stream().filter(requirement -> requirement.path().equals(path)).findFirst();
    }

    /** The last element of the module path, e.g. {@code shop} for {@code example.com/shop/v2}. */
    String lastElement() {
        String[] elements = module.split("/");
        String last = elements[elements.length - 1];
        return last.matches("v\\d+") && elements.length > 1 ? elements[elements.length - 2] : last;
    }

    /**
     * @throws InvalidInputException when there is no readable go.mod, it has no module directive, or a go or
     *                               toolchain directive is not a Go version
     */
    static GoMod read(Path directory) {
        Path file = directory.resolve(FILE);
        String text = ProjectFiles.read(file).orElseThrow(() -> malformed(file, "it cannot be read",
                "Check that " + FILE + " is a readable file"));
        return new Parser(file).parse(text);
    }

    private static InvalidInputException malformed(Path file, String problem, String remediation) {
        return new InvalidInputException(Agent.COMPILER, file + " cannot be used: " + problem,
                "Reading the Go module in " + file.getParent(), remediation);
    }

    /** Reads go.mod's lines, keeping which block (if any) the current line is in. */
    private static final class Parser {
        private final Path file;
        private String module;
        private Optional<String> go = Optional.empty();
        private Optional<String> toolchain = Optional.empty();
        private final List<Requirement> requirements = new ArrayList<>();

        Parser(Path file) {
            this.file = file;
        }

        GoMod parse(String text) {
            String block = null;
            String[] lines = text.split("\\R");
            for (int i = 0; i < lines.length; i++) {
                String raw = lines[i];
                String line = withoutComment(raw).strip();
                if (block != null) {
                    if (line.equals(")")) {
                        block = null;
                    } else if (block.equals("require") && !line.isEmpty()) {
                        require(line, raw);
                    }
                    continue;
                }
                Matcher opens = BLOCK.matcher(line);
                if (opens.matches()) {
                    block = opens.group(1);
                } else {
                    directive(line, raw, i + 1);
                }
            }
            if (module == null || module.isBlank()) {
                throw malformed(file, "it has no module directive", "Fix " + FILE + ": it needs a line 'module "
                        + "<path>' naming the module (go mod init <path> writes one)");
            }
            return new GoMod(module, go, toolchain, requirements);
        }

        private void directive(String line, String raw, int number) {
            Matcher matcher = DIRECTIVE.matcher(line);
            if (!matcher.matches()) {
                return;
            }
            String value = matcher.group(2).strip();
            switch (matcher.group(1)) {
                case "module" -> module = unquote(value);
                case "go" -> go = Optional.of(version(value, "go", number));
                case "toolchain" -> toolchain = value.equals("default") ? Optional.empty()
                        : Optional.of(version(value.replaceFirst("^go", "").replaceFirst("[+-].*$", ""),
                        "toolchain", number));
                default -> require(value, raw);
            }
        }

        private String version(String value, String directive, int line) {
            if (!VERSION.matcher(value).matches()) {
                throw malformed(file, "line " + line + ": the " + directive + " directive '" + value + "' is not a "
                        + "Go version such as 1.22", "Fix " + FILE + " line " + line + " (go mod edit -go=1.22 "
                        + "writes a valid go directive)");
            }
            return value;
        }

        private void require(String line, String raw) {
            String[] parts = line.split("\\s+");
            if (parts.length >= 2) {
                requirements.add(new Requirement(unquote(parts[0]), parts[1], raw.matches(".*//\\s*indirect\\b.*")));
            }
        }

        private static String withoutComment(String line) {
            int comment = line.indexOf("//");
            return comment < 0 ? line : line.substring(0, comment);
        }

        private static String unquote(String value) {
            return value.length() >= 2 && (value.startsWith("\"") || value.startsWith("`"))
                    ? value.substring(1, value.length() - 1) : value;
        }
    }
}
