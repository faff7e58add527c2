package dev.hivemind.analyzer.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.stream.Stream;

/** File-tree chores shared by the fetcher and the builder; never follows symbolic links. */
public final class Directories {

    private Directories() {
    }

    /** Whether {@code directory} is missing or holds nothing. */
    public static boolean isMissingOrEmpty(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Copies the tree under {@code source} into {@code target} (created), keeping symbolic links as links and file
     * modes, and leaving out any directory whose name is in {@code excludedNames} and the path {@code skip}.
     */
    public static void copyTree(Path source, Path target, Set<String> excludedNames, Path skip) throws IOException {
        transferTree(source, target, excludedNames, skip, false);
    }

    /**
     * Like {@link #copyTree} without exclusions, but every regular file is a hard link to the source's file (so no
     * data is copied), or a copy where a link cannot be made (another file system).
     */
    public static void linkTree(Path source, Path target) throws IOException {
        transferTree(source, target, Set.of(), target, true);
    }

    private static void transferTree(Path source, Path target, Set<String> excludedNames, Path skip, boolean link)
            throws IOException {
        Files.createDirectories(target);
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                if (!directory.equals(source) && (excluded(directory) || directory.equals(skip))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(source.relativize(directory).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                boolean excludedLink = attributes.isSymbolicLink() && excludedNames.contains(file.getFileName().toString());
                Path destination = target.resolve(source.relativize(file).toString());
                if (link && attributes.isRegularFile() && linked(destination, file)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attributes.isRegularFile() || (attributes.isSymbolicLink() && !excludedLink)) {
                    Files.copy(file, destination, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }

            private boolean excluded(Path directory) {
                return excludedNames.contains(directory.getFileName().toString());
            }
        });
    }

    private static boolean linked(Path link, Path existing) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException notHere) {
            return false;
        }
    }
}
