package dev.hivemind.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/** The agent's files are private to its user: directories 0700, files 0600, state written atomically. */
final class PrivateFiles {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates the directory and its missing parents, each 0700, and makes the directory itself 0700. */
    static Path directory(Path directory) {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path level = directory; level != null && !Files.isDirectory(level); level = level.getParent()) {
            missing.push(level);
        }
        try {
            for (Path level : missing) {
                try {
                    Files.createDirectory(level);
                } catch (FileAlreadyExistsException raced) {
                    // another thread created it first
                }
                Files.setPosixFilePermissions(level, DIRECTORY);
            }
            Files.setPosixFilePermissions(directory, DIRECTORY);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Creates the file if it is missing (its directory too) and makes it 0600; existing content is kept. */
    static Path file(Path file) {
        directory(file.getParent());
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            }
            Files.setPosixFilePermissions(file, FILE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file's content all at once: a 0600 temp file beside it, fsync, rename, fsync the directory. */
    static void writeAtomically(Path file, byte[] content) {
        Path directory = directory(file.getParent());
        Path temp = directory.resolve(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(FILE));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
