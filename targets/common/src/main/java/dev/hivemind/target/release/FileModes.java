package dev.hivemind.target.release;

import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A target's private directories, through {@link PrivateFiles}, with failures unchecked. */
public final class FileModes {

    private FileModes() {
    }

    /** Creates {@code directory} and its missing parents, each 0700; an existing directory is left as it is. */
    public static Path privateDirectory(Path directory) {
        try {
            return PrivateFiles.directory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }
}
