package dev.hivemind.analyzer.build;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds a command on a PATH, as a shell would. */
public final class Executables {

    private Executables() {
    }

    /** {@code command} itself when it names a file ({@code /usr/lib/jvm/.../bin/java}), else the first on PATH. */
    public static Optional<Path> find(String command, String path) {
        if (command.contains("/")) {
            return candidate("", command).filter(Executables::isExecutableFile);
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(entry -> !entry.isBlank())
                .flatMap(entry -> candidate(entry, command).stream())
                .filter(Executables::isExecutableFile)
                .findFirst();
    }

    private static boolean isExecutableFile(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    private static Optional<Path> candidate(String directory, String command) {
        try {
            return Optional.of(Path.of(directory, command));
        } catch (InvalidPathException malformed) {
            return Optional.empty();
        }
    }
}
