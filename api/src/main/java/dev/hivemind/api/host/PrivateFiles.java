package dev.hivemind.api.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

/**
 * HiveMind's own files under HIVEMIND_HOME, private to their user: directories 0700, files 0600, whole-file
 * writes atomic (temp file, fsync, rename). Every module that writes under HIVEMIND_HOME goes through here.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final int DELETE_ATTEMPTS = 8;
    private static final Duration DELETE_PAUSE = Duration.ofMillis(25);

    private PrivateFiles() {
    }

    /** Creates {@code directory} and its missing parents, each 0700; an existing directory is left as it is. */
    public static Path directory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            directory(parent);
        }
        try {
            Files.createDirectory(directory, attributes(directory, DIRECTORY));
            restrict(directory, DIRECTORY);
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(directory)) {
                throw raced;
            }
        }
        return directory;
    }

    /** Creates {@code directory} (0700), which must not exist yet, and its missing parents (0700 each). */
    public static Path newDirectory(Path directory) throws IOException {
        Path parent = directory.getParent();
        if (parent != null) {
            directory(parent);
        }
        Files.createDirectory(directory, attributes(directory, DIRECTORY));
        restrict(directory, DIRECTORY);
        return directory;
    }

    /** Creates {@code file} (its directory too) if it is missing and makes it 0600; existing content is kept. */
    public static Path file(Path file) throws IOException {
        directory(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, attributes(file, FILE));
        }
        restrict(file, FILE);
        return file;
    }

    /**
     * Replaces {@code file} with {@code content} through a 0600 temp file beside it and an atomic rename, so
     * readers see the old or the new content, never a part. When {@code durable}, the data and the rename are
     * synced to disk too.
     */
    public static void writeAtomically(Path file, byte[] content, boolean durable) throws IOException {
        Path directory = directory(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp", attributes(file, FILE));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                if (durable) {
                    channel.force(true);
                }
            }
            restrict(temp, FILE);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException failure) {
            Files.deleteIfExists(temp);
            throw failure;
        }
        if (durable) {
            syncDirectory(directory);
        }
    }

    /** Appends {@code content} to {@code file}, creating it 0600 (and its directory 0700) when it is missing. */
    public static void append(Path file, byte[] content) throws IOException {
        directory(file.toAbsolutePath().getParent());
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes(file, FILE))) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /** Opens {@code file} to read, write and lock, creating it 0600 (and its directory 0700) when it is missing. */
    public static FileChannel openForLocking(Path file) throws IOException {
        directory(file.toAbsolutePath().getParent());
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return FileChannel.open(file, options, attributes(file, FILE));
    }

    /**
     * Deletes {@code path} and everything under it; a symbolic link is removed, not what it points to. Entries
     * that vanish meanwhile are fine, and a directory that fills up again while it is being removed (JGit's
     * background auto-gc takes a lock file in a fresh clone; a dying build may still write) is tried again.
     */
    public static void deleteTree(Path path) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                deleteOnce(path);
                return;
            } catch (DirectoryNotEmptyException raced) {
                if (attempt == DELETE_ATTEMPTS) {
                    throw raced;
                }
                pause(DELETE_PAUSE.multipliedBy(attempt), raced);
            }
        }
    }

    /** The mode as {@code rw-------}, or empty text when the path is gone or has no POSIX mode. */
    public static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** File attributes that create {@code path} with {@code permissions} where the file system has POSIX modes. */
    public static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
        return posix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static void deleteOnce(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException error) throws IOException {
                if (error instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw error;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException error) throws IOException {
                if (error != null && !(error instanceof NoSuchFileException)) {
                    throw error;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void pause(Duration duration, DirectoryNotEmptyException raced) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            raced.addSuppressed(e);
            throw raced;
        }
    }

    private static void syncDirectory(Path directory) {
        // Makes the rename durable; some file systems cannot open a directory for reading, which is harmless.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // durability of the rename is best effort where the platform does not support it
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
