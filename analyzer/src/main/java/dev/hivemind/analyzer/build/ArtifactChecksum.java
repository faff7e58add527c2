package dev.hivemind.analyzer.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A deterministic SHA-256 of a directory tree, and the total size of its regular files.
 *
 * <p>Entries are taken in the order of their relative paths (with {@code /} separators); for each, its kind
 * (directory, file, executable file or symbolic link) and its path, and for a file its size and the SHA-256 of its
 * content, for a link its target, are fed in, each length-prefixed so that no two different trees feed the same
 * bytes. Files' contents are hashed on their own (in parallel), and only their digests go into the tree's: as
 * strong as one stream, and the checksum of a tree with a few files rewritten ({@link #of(Path, Substitution)}) then
 * costs those files only. Timestamps, owners and the order the files were created in play no part, so the same tree
 * always gives the same checksum, and any change to a name, a content, a link target or an executable bit changes
 * it. Links are never followed. Nothing is left out: the checksum stands for exactly what will run (npm's own
 * {@code node_modules/.package-lock.json} is written from the installed tree, so it is the same for the same
 * install).
 *
 * @param value     {@code sha256:} and 64 lowercase hex digits
 * @param sizeBytes the total size of the regular files
 */
public record ArtifactChecksum(String value, long sizeBytes) {
    private static final String PREFIX = "sha256:";

    public ArtifactChecksum {
        Objects.requireNonNull(value, "value");
        if (!value.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256:<hex> checksum: " + value);
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
        }
    }

    /**
     * New contents for some files and new targets for some links of a tree, by relative path ({@code /}
     * separators): what the tree will hold once they are written.
     */
    public interface Substitution {
        /** Nothing replaced. */
        Substitution NONE = new Substitution() {
            @Override
            public boolean replacesFile(String relative) {
                return false;
            }

            @Override
            public byte[] file(String relative, byte[] content) {
                return content;
            }

            @Override
            public boolean replacesLink(String relative) {
                return false;
            }

            @Override
            public String link(String relative, String target) {
                return target;
            }
        };

        boolean replacesFile(String relative);

        /** The content {@code relative} will hold, given the content it holds; called once per replaced file. */
        byte[] file(String relative, byte[] content);

        boolean replacesLink(String relative);

        /** The target {@code relative} will point to, given its target; called once per replaced link. */
        String link(String relative, String target);
    }

    /**
     * The checksums of one tree as it is and as a {@link Substitution} will leave it.
     *
     * @param current     of the tree as it is
     * @param substituted of the tree with the substitution's contents and targets
     */
    public record Substituted(ArtifactChecksum current, ArtifactChecksum substituted) {
    }

    /**
     * @throws UncheckedIOException when the tree cannot be read
     */
    public static ArtifactChecksum of(Path directory) {
        return of(directory, Substitution.NONE).current();
    }

    /**
     * Both checksums of {@code directory} in one read: as it is, and with {@code substitution}'s replacements (each
     * replaced file is read once and its new content asked of the substitution once).
     *
     * @throws UncheckedIOException when the tree cannot be read
     */
    public static Substituted of(Path directory, Substitution substitution) {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("not a directory: " + directory);
        }
        try {
            List<Hashed> hashed = sortedEntries(directory).parallelStream()
                    .map(entry -> hash(entry, substitution)).toList();
            return new Substituted(combine(hashed.stream().map(Hashed::current).toList()),
                    combine(hashed.stream().map(Hashed::substituted).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + " to checksum it", e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot read " + directory + " to checksum it", e.getCause());
        }
    }

    private static List<Entry> sortedEntries(Path directory) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (!dir.equals(directory)) {
                    entries.add(new Entry(relative(directory, dir), dir, Kind.DIRECTORY));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Kind kind = attributes.isSymbolicLink() ? Kind.LINK
                        : attributes.isRegularFile() ? Kind.FILE : Kind.OTHER;
                entries.add(new Entry(relative(directory, file), file, kind));
                return FileVisitResult.CONTINUE;
            }
        });
        entries.sort(Comparator.comparing(Entry::relativePath));
        return entries;
    }

    private static String relative(Path directory, Path path) {
        return directory.relativize(path).toString().replace('\\', '/');
    }

    /** An entry's part of the tree's digest, as it is and as substituted. */
    private record Hashed(Part current, Part substituted) {
    }

    /** The fields an entry feeds into the tree's digest, and the bytes it adds to the size. */
    private record Part(List<String> fields, long size, byte[] contentDigest) {
    }

    private static Hashed hash(Entry item, Substitution substitution) {
        try {
            String path = item.relativePath();
            Path entry = item.path();
            return switch (item.kind()) {
                case DIRECTORY -> same(new Part(List.of("dir:" + path), 0, null));
                case OTHER -> same(new Part(List.of("other:" + path), 0, null));
                case LINK -> {
                    String target = Files.readSymbolicLink(entry).toString().replace('\\', '/');
                    Part current = new Part(List.of("link:" + path, target), 0, null);
                    yield substitution.replacesLink(path) ? new Hashed(current, new Part(List.of("link:" + path,
                            substitution.link(path, target)), 0, null)) : same(current);
                }
                case FILE -> {
                    String field = (isExecutable(entry) ? "exec:" : "file:") + path;
                    if (substitution.replacesFile(path)) {
                        byte[] content = Files.readAllBytes(entry);
                        byte[] replaced = substitution.file(path, content);
                        yield new Hashed(new Part(List.of(field), content.length, sha256().digest(content)),
                                new Part(List.of(field), replaced.length, sha256().digest(replaced)));
                    }
                    yield same(streamed(field, entry));
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Hashed same(Part part) {
        return new Hashed(part, part);
    }

    private static Part streamed(String field, Path file) throws IOException {
        MessageDigest digest = sha256();
        long size = 0;
        try (InputStream content = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
                digest.update(buffer, 0, read);
                size += read;
            }
        }
        return new Part(List.of(field), size, digest.digest());
    }

    private static ArtifactChecksum combine(List<Part> parts) {
        MessageDigest digest = sha256();
        long size = 0;
        for (Part part : parts) {
            part.fields().forEach(text -> field(digest, text));
            if (part.contentDigest() != null) {
                digest.update(ByteBuffer.allocate(Long.BYTES).putLong(part.size()).flip());
                digest.update(part.contentDigest());
                size += part.size();
            }
        }
        return new ArtifactChecksum(PREFIX + HexFormat.of().formatHex(digest.digest()), size);
    }

    private static void field(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).flip());
        digest.update(bytes);
    }

    /** Any execute bit, read from the mode rather than asked of the current user, so every user agrees. */
    private static boolean isExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            return mode.contains(PosixFilePermission.OWNER_EXECUTE) || mode.contains(PosixFilePermission.GROUP_EXECUTE)
                    || mode.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (UnsupportedOperationException notPosix) {
            return Files.isExecutable(file);
        }
    }

    private enum Kind { DIRECTORY, FILE, LINK, OTHER }

    private record Entry(String relativePath, Path path, Kind kind) {
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
