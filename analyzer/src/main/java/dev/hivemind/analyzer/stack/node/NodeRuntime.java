package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js version an app asks for, from the first of: package.json {@code engines.node} (the contract the app
 * declares, which Railpack and Heroku honour first too), package.json {@code volta.node}, {@code .nvmrc},
 * {@code .node-version}, the {@code nodejs} (or {@code node}) line of {@code .tool-versions}; else the default.
 */
public final class NodeRuntime {
    /** The version used when the app names none: the oldest Node.js line still maintained when this was written. */
    public static final String DEFAULT_VERSION = "20";
    private static final List<String> VERSION_FILES = List.of(".nvmrc", ".node-version");
    private static final Pattern TOOL_VERSIONS = Pattern.compile("^(?:nodejs|node)\\s+(\\S+)");

    private NodeRuntime() {
    }

    static Finding detect(Path directory, PackageJson packageJson) {
        return declared(directory, packageJson).orElseGet(() -> new Finding(DEFAULT_VERSION, "runtime_version " + DEFAULT_VERSION + " is the "
                        + "default: package.json has no engines.node or volta.node and there is no .nvmrc, "
                        + ".node-version or nodejs line in .tool-versions"));
    }

    /** The version the app declares, when it declares one. */
    static Optional<Finding> declared(Path directory, PackageJson packageJson) {
        return packageJson.enginesNode().map(version -> found(version, "package.json engines.node"))
                .or(() -> packageJson.voltaNode().map(version -> found(version, "package.json volta.node")))
                .or(() -> versionFile(directory))
                .or(() -> toolVersions(directory));
    }

    private static Optional<Finding> versionFile(Path directory) {
        for (String name : VERSION_FILES) {
            Optional<String> version = firstLine(directory.resolve(name)).map(NodeRuntime::withoutPrefix);
            if (version.isPresent()) {
                return Optional.of(found(version.get(), name));
            }
        }
        return Optional.empty();
    }

    /** asdf's and mise's {@code .tool-versions}: {@code nodejs 20.11.0}, the first version being the one used. */
    private static Optional<Finding> toolVersions(Path directory) {
        return ProjectFiles.read(directory.resolve(".tool-versions")).flatMap(text -> text.lines()
                .map(String::strip).map(TOOL_VERSIONS::matcher).filter(Matcher::find).findFirst())
                .map(matcher -> found(withoutPrefix(matcher.group(1)), ".tool-versions"));
    }

    private static Finding found(String version, String source) {
        return new Finding(version, "runtime_version " + version + " from " + source);
    }

    /** The first line that is neither blank nor a comment; empty when the file is missing or unreadable. */
    private static Optional<String> firstLine(Path file) {
        return ProjectFiles.read(file).flatMap(text -> text.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).findFirst());
    }

    /** {@code v20.11.1} is written with a {@code v} by nvm users; the version is the same without it. */
    private static String withoutPrefix(String version) {
        boolean prefixed = version.length() > 1 && (version.charAt(0) == 'v' || version.charAt(0) == 'V')
                && Character.isDigit(version.charAt(1));
        return prefixed ? version.substring(1) : version;
    }
}
