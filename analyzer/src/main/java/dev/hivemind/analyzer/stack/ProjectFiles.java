package dev.hivemind.analyzer.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How analysis reads a repository: only what it needs, never descending into dependency, build or VCS directories
 * (so a repository with 100 000 files under node_modules costs nothing), never following symbolic links, and never
 * reading more than {@link #MAX_BYTES} of any one file.
 */
public final class ProjectFiles {
    /** The most analysis reads of any one file; a longer file is read up to this size. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** Directories analysis never enters: dependencies, build output, version control and virtual environments. */
    public static final Set<String> SKIPPED = Set.of("node_modules", ".git", ".hg", ".svn", "vendor", "target", "build",
            "dist", ".venv", "venv", "env", ".tox", "__pycache__", ".gradle", ".mvn", ".idea", ".next", ".nuxt",
            "bower_components", ".cache", "coverage");

    private ProjectFiles() {
    }

    /** The file's text (UTF-8, at most {@link #MAX_BYTES}), or empty when it is not a readable regular file. */
    public static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code directory} holds a regular file called {@code name}. */
    public static boolean has(Path directory, String name) {
        return Files.isRegularFile(directory.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** The first of {@code names} that is a regular file in {@code directory}. */
    public static Optional<String> first(Path directory, List<String> names) {
        return names.stream().filter(name -> has(directory, name)).findFirst();
    }

    /**
     * Regular files under {@code root} whose paths match, breadth first (so the shallowest come first) and sorted
     * by name within a directory, at most {@code maxDepth} directories down ({@code 0}: only {@code root}'s own
     * files) and at most {@code maxFiles} of them; {@link #SKIPPED} directories and hidden directories are not
     * entered.
     */
    public static List<Path> find(Path root, int maxDepth, int maxFiles, Predicate<Path> matches) {
        List<Path> found = new ArrayList<>();
        Deque<Level> queue = new ArrayDeque<>();
        queue.add(new Level(root, 0));
        while (!queue.isEmpty() && found.size() < maxFiles) {
            Level level = queue.poll();
            for (Path entry : sortedEntries(level.directory())) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    if (level.depth() < maxDepth && !SKIPPED.contains(name) && !name.startsWith(".")) {
                        queue.add(new Level(entry, level.depth() + 1));
                    }
                } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && matches.test(entry)
                        && found.size() < maxFiles) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    /** Sub-directories of {@code directory} that analysis may enter, sorted by name. */
    public static List<Path> subdirectories(Path directory) {
        return sortedEntries(directory).stream()
                .filter(entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))
                .filter(entry -> !SKIPPED.contains(entry.getFileName().toString())
                        && !entry.getFileName().toString().startsWith("."))
                .toList();
    }

    /** {@code file} relative to {@code root}, with forward slashes, for evidence lines. */
    public static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> sortedEntries(Path directory) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            return List.of();
        }
        entries.sort(null);
        return entries;
    }

    private record Level(Path directory, int depth) {
    }
}
