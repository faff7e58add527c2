package dev.hivemind.analyzer;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds a command on a PATH, as a shell would. */
final class Executables {

    private Executables() {
    }

    static Optional<Path> find(String command, String path) {
        return Arrays.stream(path.split(File.pathSeparator)).filter(entry -> !entry.isBlank())
                .flatMap(entry -> candidate(entry, command).stream())
                .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
                .findFirst();
    }

    private static Optional<Path> candidate(String directory, String command) {
        try {
            return Optional.of(Path.of(directory, command));
        } catch (InvalidPathException malformed) {
            return Optional.empty();
        }
    }
}
