package dev.hivemind.runtime.agent;

import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The agent's files, private to its user through {@link PrivateFiles} (directories 0700, files 0600, state written
 * atomically), with failures unchecked and naming the path.
 */
public final class AgentFiles {

    private AgentFiles() {
    }

    /** Creates the directory and its missing parents, each 0700. */
    public static Path directory(Path directory) {
        try {
            return PrivateFiles.directory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Creates the file if it is missing (its directory too) and makes it 0600; existing content is kept. */
    public static Path file(Path file) {
        directory(file.getParent());
        try {
            return PrivateFiles.file(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file's content all at once: a 0600 temp file beside it, fsync, rename, fsync the directory. */
    public static void writeAtomically(Path file, byte[] content) {
        try {
            PrivateFiles.writeAtomically(file, content, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
