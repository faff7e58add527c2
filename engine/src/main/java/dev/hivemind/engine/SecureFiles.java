package dev.hivemind.engine;

import dev.hivemind.api.Agent;
import dev.hivemind.api.InfrastructureException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Private files under HIVEMIND_HOME: directories 0700, files 0600, whole-file writes atomic. */
final class SecureFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private SecureFiles() {
    }

    /** Creates {@code directory} and any missing parents with mode 0700; an existing directory is left alone. */
    static Path directory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            directory(parent);
        }
        try {
            Files.createDirectory(directory, directoryAttributes(directory));
            restrict(directory, DIRECTORY);
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(directory)) {
                throw raced;
            }
        }
        return directory;
    }

    /** Creates a new directory (0700) that must not exist yet. */
    static Path newDirectory(Path directory) throws IOException {
        Path parent = directory.getParent();
        if (parent != null) {
            directory(parent);
        }
        Files.createDirectory(directory, directoryAttributes(directory));
        restrict(directory, DIRECTORY);
        return directory;
    }

    /** Replaces {@code file} with {@code content}: temp file in the same directory, fsync, atomic rename. */
    static void writeAtomically(Path file, String content) throws IOException {
        writeAtomically(file, content, true);
    }

    /**
     * Replaces {@code file} with {@code content} through a temp file and an atomic rename, so readers see the old
     * or the new content, never a part. When {@code durable}, the data and the rename are also synced to disk.
     */
    static void writeAtomically(Path file, String content, boolean durable) throws IOException {
        Path directory = directory(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp", fileAttributes(file));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
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

    /** Appends {@code text} to {@code file}, creating it with mode 0600. */
    static void append(Path file, String text) throws IOException {
        directory(file.toAbsolutePath().getParent());
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        try (var channel = Files.newByteChannel(file, options, fileAttributes(file))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /** Deletes a file tree; a tree that is already gone is fine. */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Opens a file for locking, creating it with mode 0600. */
    static FileChannel openForLocking(Path file) throws IOException {
        directory(file.toAbsolutePath().getParent());
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return FileChannel.open(file, options, fileAttributes(file));
    }

    /** The error reported when HiveMind cannot write its own files. */
    static InfrastructureException failure(String doing, Path path, IOException cause) {
        return new InfrastructureException(Agent.CONDUCTOR,
                "cannot " + doing + " " + path + ": " + describe(cause),
                "Writing HiveMind's own files under HIVEMIND_HOME",
                "Check free disk space and that " + path.getParent() + " is a directory you own (mode 0700)", cause);
    }

    static String describe(IOException cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
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

    private static FileAttribute<?>[] directoryAttributes(Path path) {
        return posix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)}
                : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] fileAttributes(Path path) {
        return posix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
