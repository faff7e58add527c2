package dev.hivemind.analyzer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The Node.js version an app asks for: {@code engines.node}, else {@code .nvmrc}, else {@code .node-version}. */
final class NodeRuntime {
    /** The version used when the app names none: the oldest Node.js line still maintained when this was written. */
    static final String DEFAULT_VERSION = "20";
    private static final List<String> VERSION_FILES = List.of(".nvmrc", ".node-version");

    private NodeRuntime() {
    }

    static Finding detect(Path directory, PackageJson packageJson) {
        if (packageJson.enginesNode().isPresent()) {
            String version = packageJson.enginesNode().get();
            return new Finding(version, "runtime_version " + version + " from package.json engines.node");
        }
        for (String name : VERSION_FILES) {
            Optional<String> version = firstLine(directory.resolve(name)).map(NodeRuntime::withoutPrefix);
            if (version.isPresent()) {
                return new Finding(version.get(), "runtime_version " + version.get() + " from " + name);
            }
        }
        return new Finding(DEFAULT_VERSION, "runtime_version " + DEFAULT_VERSION
                + " is the default: package.json has no engines.node and there is no .nvmrc or .node-version");
    }

    /** The first line that is neither blank nor a comment; empty when the file is missing or unreadable. */
    private static Optional<String> firstLine(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(file)) {
            return lines.map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).findFirst();
        } catch (IOException | java.io.UncheckedIOException unreadable) {
            return Optional.empty();
        }
    }

    /** {@code v20.11.1} is written with a {@code v} by nvm users; the version is the same without it. */
    private static String withoutPrefix(String version) {
        boolean prefixed = version.length() > 1 && (version.charAt(0) == 'v' || version.charAt(0) == 'V')
                && Character.isDigit(version.charAt(1));
        return prefixed ? version.substring(1) : version;
    }
}
