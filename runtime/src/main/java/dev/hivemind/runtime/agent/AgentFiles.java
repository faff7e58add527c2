package dev.hivemind.runtime.agent;

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
public final class AgentFiles {
    static final Set<PosixFilePermission> DIRECTORY = dev.hivemind.api.host.PrivateFiles.DIRECTORY;
    public static final Set<PosixFilePermission> FILE = dev.hivemind.api.host.PrivateFiles.FILE;

    private AgentFiles() {
    }

    /** Creates the directory and its missing parents, each 0700. */
    public static Path directory(Path directory) {
        try {
            return dev.hivemind.api.host.PrivateFiles.directory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Creates the file if it is missing (its directory too) and makes it 0600; existing content is kept. */
    public static Path file(Path file) {
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
    public static void writeAtomically(Path file, byte[] content) {
        try {
            dev.hivemind.api.host.PrivateFiles.writeAtomically(file, content, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
