package dev.hivemind.target.release;

import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The local target's private files, through {@link PrivateFiles}, with failures unchecked. */
public final class FileModes {

    private FileModes() {
    }

    public static Path privateDirectory(Path directory) {
        try {
            return PrivateFiles.directory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    static void writePrivateFile(Path file, byte[] content) {
        try {
            PrivateFiles.writeAtomically(file, content, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static String mode(Path path) {
        return PrivateFiles.mode(path);
    }
}
