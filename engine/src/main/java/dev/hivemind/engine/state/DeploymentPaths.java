package dev.hivemind.engine.state;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one deployment's files live under {@code HIVEMIND_HOME}.
 *
 * @param home        HIVEMIND_HOME itself
 * @param directory   {@code deployments/<id>}
 * @param state       {@code state.json}
 * @param logFile     {@code logs.txt}, human-readable lines in time order
 * @param journal     {@code journal.md}
 * @param environment {@code env}, the app's environment values (possibly secrets), mode 0600
 * @param artifacts   {@code artifacts/}, one fresh {@code attempt-N} directory per build attempt
 * @param source      {@code source/}, where a git source is cloned
 */
public record DeploymentPaths(
        Path home, Path directory, Path state, Path logFile, Path journal, Path environment, Path artifacts,
        Path source) {

    public DeploymentPaths {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(source, "source");
    }

    /** The layout of a deployment directory. */
    public static DeploymentPaths of(Path home, Path directory) {
        return new DeploymentPaths(home, directory, directory.resolve("state.json"), directory.resolve("logs.txt"),
                directory.resolve("journal.md"), directory.resolve("env"), directory.resolve("artifacts"),
                directory.resolve("source"));
    }
}
