package dev.hivemind.analyzer.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How analysis reads a repository: only what it needs, never descending into dependency, build or VCS directories
 * (so a repository with 100 000 files under node_modules costs nothing), never following symbolic links, and never
 * reading more than {@link #MAX_BYTES} of any one file. Within {@link #withinOneAnalysis}, each file is read, each
 * directory listed and each path's type looked up once, however many detectors and scans ask: one analysis sees
 * one snapshot of the files, at the cost of one pass over them.
 */
public final class ProjectFiles {
    /** The most analysis reads of any one file; a longer file is read up to this size. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** Directories that hold an app's sources, walked through to find the named ones below them. */
    public static final Set<String> SOURCE_CONTAINERS = Set.of("src", "app", "server", "api", "backend", "internal",
            "pkg", "packages", "apps", "common", "core", "shared");
    /** Where an app keeps its database client, read first by the scans for driver imports. */
    public static final Set<String> DATABASE_DIRECTORIES = Set.of("db", "database", "databases", "data", "lib",
            "libs", "models", "model", "config", "prisma", "drizzle", "store", "stores", "repositories", "infra",
            "infrastructure", "persistence", "utils", "services", "storage");
    /** Directories analysis never enters: dependencies, build output, version control and virtual environments. */
    public static final Set<String> SKIPPED = Set.of("node_modules", ".git", ".hg", ".svn", "vendor", "target", "build",
            "dist", ".venv", "venv", "env", ".tox", "__pycache__", ".gradle", ".mvn", ".idea", ".next", ".nuxt",
            "bower_components", ".cache", "coverage");

    private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();

    private ProjectFiles() {
    }

    /**
     * Runs one analysis with each file read, each directory listed and each path looked up at most once (on this
     * thread, until it returns); nested calls share the outer one's.
     */
    public static <T> T withinOneAnalysis(Supplier<T> analysis) {
        if (SCOPE.get() != null) {
            return analysis.get();
        }
        SCOPE.set(new Scope());
        try {
            return analysis.get();
        } finally {
            SCOPE.remove();
        }
    }

    /** The file's text (UTF-8, at most {@link #MAX_BYTES}), or empty when it is not a readable regular file. */
    public static Optional<String> read(Path file) {
        Scope scope = SCOPE.get();
        return scope == null ? readFile(file) : scope.reads.computeIfAbsent(file, ProjectFiles::readFile);
    }

    /** Whether {@code directory} holds a regular file called {@code name}. */
    public static boolean has(Path directory, String name) {
        return isFile(directory.resolve(name));
    }

    /** Whether {@code path} is a regular file (a symbolic link is not). */
    public static boolean isFile(Path path) {
        return attributes(path).filter(BasicFileAttributes::isRegularFile).isPresent();
    }

    /** Whether {@code path} is a directory (a symbolic link is not). */
    public static boolean isDirectory(Path path) {
        return attributes(path).filter(BasicFileAttributes::isDirectory).isPresent();
    }

    /** The size of a regular file, or -1. */
    public static long size(Path file) {
        return attributes(file).filter(BasicFileAttributes::isRegularFile).map(BasicFileAttributes::size).orElse(-1L);
    }

    /** The entries of {@code directory}, sorted by name; empty when it cannot be listed. */
    public static List<Path> entries(Path directory) {
        Scope scope = SCOPE.get();
        return scope == null ? list(directory) : scope.listings.computeIfAbsent(directory, ProjectFiles::list);
    }

    private static Optional<String> readFile(Path file) {
        if (!isFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<BasicFileAttributes> attributes(Path path) {
        Scope scope = SCOPE.get();
        return scope == null ? readAttributes(path)
                : scope.attributes.computeIfAbsent(path, ProjectFiles::readAttributes);
    }

    private static Optional<BasicFileAttributes> readAttributes(Path path) {
        try {
            // readAttributesIfExists answers null for a missing file, without the cost of an exception
            return Optional.ofNullable(path.getFileSystem().provider().readAttributesIfExists(path,
                    BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * What {@code compute} gives for {@code key}, computed once within one analysis (every time outside one): for
     * a fact derived from the files that several detectors ask for, such as the list of source files a scan reads.
     * The key must name everything the answer depends on.
     */
    @SuppressWarnings("unchecked")
    public static <T> T remembered(Object key, Supplier<T> compute) {
        Scope scope = SCOPE.get();
        if (scope == null) {
            return compute.get();
        }
        Object known = scope.derived.get(key);
        if (known == null) {
            known = compute.get();
            scope.derived.put(key, known);
        }
        return (T) known;
    }

    /**
     * What one analysis has read, listed, looked up and derived, keyed by the paths as asked (the same file asked
     * for by two spellings is read twice, which costs time but never gives a wrong answer).
     */
    private static final class Scope {
        private final Map<Path, Optional<String>> reads = new HashMap<>();
        private final Map<Path, List<Path>> listings = new HashMap<>();
        private final Map<Path, Optional<BasicFileAttributes>> attributes = new HashMap<>();
        private final Map<Object, Object> derived = new HashMap<>();
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
            for (Path entry : entries(level.directory())) {
                String name = entry.getFileName().toString();
                if (isDirectory(entry)) {
                    if (level.depth() < maxDepth && !SKIPPED.contains(name) && !name.startsWith(".")) {
                        queue.add(new Level(entry, level.depth() + 1));
                    }
                } else if (isFile(entry) && matches.test(entry) && found.size() < maxFiles) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    /**
     * The files under {@code root} (at most {@code maxDepth} directories down, {@code maxFiles} of them) that are in
     * a directory named in {@code names} or below one, e.g. {@code src/lib/db/client.ts} for {@code db}: where a
     * bounded scan looks for something that usually lives there (a database client) beyond the files near the
     * entry point. Only the named directories and those that hold an app's sources ({@link #SOURCE_CONTAINERS}:
     * {@code src}, {@code app}, ...) are entered, so the walk stays small in a large tree.
     */
    public static List<Path> findInDirectoriesNamed(Path root, int maxDepth, int maxFiles, Predicate<Path> matches,
                                                    Set<String> names) {
        List<Path> found = new ArrayList<>();
        Deque<Level> queue = new ArrayDeque<>();
        queue.add(new Level(root, 0));
        Set<Path> named = new HashSet<>();
        while (!queue.isEmpty() && found.size() < maxFiles) {
            Level level = queue.poll();
            boolean inNamed = named.contains(level.directory());
            for (Path entry : entries(level.directory())) {
                String name = entry.getFileName().toString();
                boolean enters = inNamed || names.contains(name);
                if (!enters && !SOURCE_CONTAINERS.contains(name)) {
                    continue;
                }
                if (isDirectory(entry)) {
                    if (level.depth() < maxDepth && !SKIPPED.contains(name) && !name.startsWith(".")) {
                        if (enters) {
                            named.add(entry);
                        }
                        queue.add(new Level(entry, level.depth() + 1));
                    }
                } else if (inNamed && found.size() < maxFiles && isFile(entry) && matches.test(entry)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    /** Sub-directories of {@code directory} that analysis may enter, sorted by name. */
    public static List<Path> subdirectories(Path directory) {
        return entries(directory).stream()
                .filter(ProjectFiles::isDirectory)
                .filter(entry -> !SKIPPED.contains(entry.getFileName().toString())
                        && !entry.getFileName().toString().startsWith("."))
                .toList();
    }

    /**
     * {@code directory}, then each directory above it up to {@code root} (included), nearest first, as absolute
     * paths: where to look for the build, workspace or wrapper an app below a repository's root belongs to. Empty
     * when {@code directory} is not at or below {@code root}.
     */
    public static List<Path> atOrAbove(Path directory, Path root) {
        Path top = root.toAbsolutePath().normalize();
        List<Path> directories = new ArrayList<>();
        for (Path candidate = directory.toAbsolutePath().normalize(); candidate != null && candidate.startsWith(top);
             candidate = candidate.getParent()) {
            directories.add(candidate);
        }
        return directories;
    }

    /** As {@link #atOrAbove} without {@code directory} itself: the directories above it, up to {@code root}. */
    public static List<Path> above(Path directory, Path root) {
        List<Path> directories = atOrAbove(directory, root);
        return directories.isEmpty() ? directories : directories.subList(1, directories.size());
    }

    /** The line (from 1) of {@code text} that {@code offset} is on, for evidence lines. */
    public static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** {@code file} relative to {@code root}, with forward slashes, for evidence lines. */
    public static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> list(Path directory) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            return List.of();
        }
        entries.sort(null);
        return List.copyOf(entries);
    }

    private record Level(Path directory, int depth) {
    }
}
