package dev.hivemind.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the analyzer found in a repository.
 *
 * @param language          {@code nodejs}, later {@code python}, {@code go}, {@code java}
 * @param framework         {@code express}, {@code fastify}, ..., or {@code none}
 * @param runtimeVersion    the runtime version constraint, e.g. {@code 20} or {@code >=18}
 * @param dependencies      the direct dependencies' names
 * @param requiresDatabase  whether a database driver is present
 * @param databaseType      {@code postgresql}, {@code mysql}, {@code mongodb}, {@code redis}, {@code sqlite}
 * @param buildTool         {@code npm}, {@code yarn}, {@code pnpm}, {@code bun}
 * @param startCommand      the command that starts the app, run by a shell in the artifact directory
 * @param healthCheckPath   the health path the code declares, when it declares one
 * @param evidence          where each answer came from (file and field)
 */
public record TechStack(
        String language,
        String framework,
        String runtimeVersion,
        List<String> dependencies,
        boolean requiresDatabase,
        Optional<String> databaseType,
        String buildTool,
        String startCommand,
        Optional<String> healthCheckPath,
        List<String> evidence) {

    public TechStack {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(runtimeVersion, "runtimeVersion");
        dependencies = List.copyOf(dependencies);
        Objects.requireNonNull(databaseType, "databaseType");
        Objects.requireNonNull(buildTool, "buildTool");
        Objects.requireNonNull(startCommand, "startCommand");
        Objects.requireNonNull(healthCheckPath, "healthCheckPath");
        evidence = List.copyOf(evidence);
        if (requiresDatabase != databaseType.isPresent()) {
            throw new IllegalArgumentException("requiresDatabase must agree with databaseType");
        }
    }
}
