package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds literals in an app's main Java and Kotlin sources ({@code src/main/java}, {@code src/main/kotlin}, of the
 * app and its modules): at most {@value #MAX_FILES} files of at most 256 KiB, {@value #MAX_DEPTH} directories deep,
 * shallowest first, so a large code base costs little.
 */
final class JavaSourceScan {
    static final int MAX_FILES = 200;
    static final int MAX_DEPTH = 12;
    private static final long MAX_FILE_BYTES = 256 * 1024;
    private static final List<String> SOURCE_ROOTS = List.of("src/main/java", "src/main/kotlin");

    private JavaSourceScan() {
    }

    /** A value found in a source file, with the evidence naming the file and line. */
    record Located(String value, String evidence) {
    }

    /**
     * The first match of any of {@code patterns} (earliest in the first file that has one) whose group
     * {@code value} passes {@code accept}.
     */
    static Optional<Located> first(Path directory, List<String> modules, List<Pattern> patterns,
                                   Predicate<String> accept) {
        for (Path file : sources(directory, modules)) {
            Optional<Located> found = scan(directory, file, patterns, accept);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    static List<Path> sources(Path directory, List<String> modules) {
        List<Path> roots = new ArrayList<>();
        for (String prefix : prefixes(modules)) {
            SOURCE_ROOTS.forEach(root -> roots.add(directory.resolve(prefix + root)));
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root) && files.size() < MAX_FILES) {
                files.addAll(ProjectFiles.find(root, MAX_DEPTH, MAX_FILES - files.size(), JavaSourceScan::isSource));
            }
        }
        return files;
    }

    private static List<String> prefixes(List<String> modules) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add("");
        modules.forEach(module -> prefixes.add(module + "/"));
        return prefixes;
    }

    private static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        try {
            return (name.endsWith(".java") || name.endsWith(".kt")) && Files.size(file) <= MAX_FILE_BYTES;
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static Optional<Located> scan(Path directory, Path file, List<Pattern> patterns,
                                          Predicate<String> accept) {
        Optional<String> code = ProjectFiles.read(file);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        int best = -1;
        String value = null;
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(code.get());
            while (matcher.find()) {
                if (accept.test(matcher.group("value"))) {
                    if (best < 0 || matcher.start() < best) {
                        best = matcher.start();
                        value = matcher.group("value");
                    }
                    break;
                }
            }
        }
        if (value == null) {
            return Optional.empty();
        }
        int line = ProjectFiles.lineOf(code.get(), best);
        return Optional.of(new Located(value, ProjectFiles.relative(directory, file) + " line " + line));
    }
}
