package dev.hivemind.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A deterministic SHA-256 of a directory tree, and the total size of its regular files.
 *
 * <p>Entries are taken in the order of their relative paths (with {@code /} separators); for each, its kind
 * (directory, file, executable file or symbolic link), its path, and its content (for a link, its target) are fed
 * in, each length-prefixed so that no two different trees feed the same bytes. Timestamps, owners and the order the
 * files were created in play no part, so the same tree always gives the same checksum, and any change to a name,
 * a content, a link target or an executable bit changes it. Links are never followed. Nothing is left out: the
 * checksum stands for exactly what will run (npm's own {@code node_modules/.package-lock.json} is written from the
 * installed tree, so it is the same for the same install).
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
     * @throws UncheckedIOException when the tree cannot be read
     */
    public static ArtifactChecksum of(Path directory) {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("not a directory: " + directory);
        }
        MessageDigest digest = sha256();
        long size = 0;
        try {
            for (Entry entry : sortedEntries(directory)) {
                size += feed(digest, entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + " to checksum it", e);
        }
        return new ArtifactChecksum(PREFIX + HexFormat.of().formatHex(digest.digest()), size);
    }

    private static List<Entry> sortedEntries(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(path -> !path.equals(directory))
                    .map(path -> new Entry(directory.relativize(path).toString().replace('\\', '/'), path))
                    .sorted(Comparator.comparing(Entry::relativePath)).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Feeds one entry and returns the bytes it adds to the size. */
    private static long feed(MessageDigest digest, Entry item) throws IOException {
        String path = item.relativePath();
        Path entry = item.path();
        if (Files.isSymbolicLink(entry)) {
            field(digest, "link:" + path);
            field(digest, Files.readSymbolicLink(entry).toString().replace('\\', '/'));
            return 0;
        }
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            field(digest, "dir:" + path);
            return 0;
        }
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            field(digest, "other:" + path);
            return 0;
        }
        field(digest, (isExecutable(entry) ? "exec:" : "file:") + path);
        long size = Files.size(entry);
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(size).flip());
        try (InputStream content = Files.newInputStream(entry)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return size;
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

    private record Entry(String relativePath, Path path) {
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
