package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The npm, yarn or pnpm workspace a package belongs to: the nearest directory above it, up to the repository's
 * root, whose package.json declares {@code workspaces} or that holds a {@code pnpm-workspace.yaml}. Its lock file
 * is the one the package is installed with.
 */
final class NodeWorkspace {
    private static final Pattern WORKSPACES = Pattern.compile("\"workspaces\"\\s*:");

    private NodeWorkspace() {
    }

    static Optional<Path> rootOf(Path directory, Path root) {
        return ProjectFiles.above(directory, root).stream().filter(NodeWorkspace::isWorkspaceRoot).findFirst();
    }

    private static boolean isWorkspaceRoot(Path directory) {
        return ProjectFiles.has(directory, "pnpm-workspace.yaml") || ProjectFiles.read(directory.resolve(PackageJson.FILE))
                .filter(text -> WORKSPACES.matcher(text).find()).isPresent();
    }
}
