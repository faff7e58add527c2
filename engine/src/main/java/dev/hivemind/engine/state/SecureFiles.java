package dev.hivemind.engine.state;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.PrivateFiles;
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
public final class SecureFiles {

    private SecureFiles() {
    }

    /** Creates {@code directory} and any missing parents with mode 0700; an existing directory is left alone. */
    public static Path directory(Path directory) throws IOException {
        return PrivateFiles.directory(directory);
    }

    /** Creates a new directory (0700) that must not exist yet. */
    static Path newDirectory(Path directory) throws IOException {
        Path parent = directory.getParent();
        if (parent != null) {
            directory(parent);
        }
        Files.createDirectory(directory, directoryAttributes(directory));
        restrict(directory, PrivateFiles.DIRECTORY);
        return directory;
    }

    /** Replaces {@code file} with {@code content}: temp file in the same directory, fsync, atomic rename. */
    static void writeAtomically(Path file, String content) throws IOException {
        writeAtomically(file, content, true);
    }

    /** Replaces {@code file} atomically; see {@link PrivateFiles#writeAtomically}. */
    static void writeAtomically(Path file, String content, boolean durable) throws IOException {
        PrivateFiles.writeAtomically(file, content.getBytes(StandardCharsets.UTF_8), durable);
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
    public static void deleteRecursively(Path root) throws IOException {
        PrivateFiles.deleteTree(root);
    }

    /** Opens a file for locking, creating it with mode 0600. */
    static FileChannel openForLocking(Path file) throws IOException {
        directory(file.toAbsolutePath().getParent());
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return FileChannel.open(file, options, fileAttributes(file));
    }

    /** The error reported when HiveMind cannot write its own files. */
    public static InfrastructureException failure(String doing, Path path, IOException cause) {
        return new InfrastructureException(Agent.CONDUCTOR,
                "cannot " + doing + " " + path + ": " + describe(cause),
                "Writing HiveMind's own files under HIVEMIND_HOME",
                "Check free disk space and that " + path.getParent() + " is a directory you own (mode 0700)", cause);
    }

    public static String describe(IOException cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static FileAttribute<?>[] directoryAttributes(Path path) {
        return PrivateFiles.attributes(path, PrivateFiles.DIRECTORY);
    }

    private static FileAttribute<?>[] fileAttributes(Path path) {
        return PrivateFiles.attributes(path, PrivateFiles.FILE);
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
