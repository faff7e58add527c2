package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.SourceComments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code .go} file says about the build: its package, its imports and whether it declares
 * {@code func main()}. Comments are blanked first (keeping line breaks, so line numbers hold) and strings are kept,
 * so a commented-out import or route is not taken for a real one.
 *
 * @param path     the file
 * @param code     the file's text with its comments blanked
 * @param ignored  whether a {@code //go:build ignore} (or {@code // +build ignore}) constraint keeps it out of every
 *                 build, as generator scripts are
 */
record GoSourceFile(Path path, String packageName, List<String> imports, boolean declaresMain, String code,
                    boolean ignored) {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^[ \\t]*package\\s+(\\w+)");
    private static final Pattern FIRST_DECLARATION = Pattern.compile("(?m)^(?:func|type|var|const)\\b");
    private static final Pattern IMPORT_BLOCK = Pattern.compile("\\bimport\\s*\\(([^)]*)\\)");
    private static final Pattern IMPORT_LINE = Pattern.compile("\\bimport\\s+(?:[\\w.]+\\s+)?([\"`])([^\"`]+)\\1");
    private static final Pattern QUOTED = Pattern.compile("([\"`])([^\"`\\n]+)\\1");
    private static final Pattern MAIN = Pattern.compile("(?m)^func\\s+main\\s*\\(\\s*\\)");
    private static final Pattern IGNORE = Pattern.compile("(?m)^//\\s*(?:go:build|\\+build)\\s+ignore\\s*$");

    GoSourceFile {
        imports = List.copyOf(imports);
    }

    /** The file parsed, or empty when it has no package clause. */
    static Optional<GoSourceFile> parse(Path path, String text) {
        String code = withoutComments(text);
        Matcher packageClause = PACKAGE.matcher(code);
        if (!packageClause.find()) {
            return Optional.empty();
        }
        boolean ignored = IGNORE.matcher(text.substring(0, packageClause.start())).find();
        return Optional.of(new GoSourceFile(path, packageClause.group(1), imports(code, packageClause.end()),
                MAIN.matcher(code).find(), code, ignored));
    }

    /** The 1-based line of {@code offset} in the code. */
    int lineOf(int offset) {
        return ProjectFiles.lineOf(code, offset);
    }

    /** Imports come after the package clause and before the first declaration. */
    private static List<String> imports(String code, int from) {
        Matcher declaration = FIRST_DECLARATION.matcher(code);
        String header = code.substring(from, declaration.find(from) ? declaration.start() : code.length());
        List<String> found = new ArrayList<>();
        Matcher block = IMPORT_BLOCK.matcher(header);
        while (block.find()) {
            Matcher quoted = QUOTED.matcher(block.group(1));
            while (quoted.find()) {
                found.add(quoted.group(2));
            }
        }
        Matcher single = IMPORT_LINE.matcher(header);
        while (single.find()) {
            found.add(single.group(2));
        }
        return found.stream().distinct().toList();
    }

    /** The code with every comment replaced by spaces (line breaks kept): {@link SourceComments#cStyle}. */
    static String withoutComments(String text) {
        return SourceComments.cStyle(text);
    }
}
