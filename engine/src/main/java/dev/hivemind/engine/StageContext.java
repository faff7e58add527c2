package dev.hivemind.engine;

import dev.hivemind.api.Progress;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.engine.retry.Sleeper;
import dev.hivemind.engine.state.DeploymentPaths;
import java.time.Clock;
import java.util.Map;

/** What a stage may use: the state so far, its progress and log, the app's environment and its files. */
public interface StageContext {

    /** The deployment as it stands, with this stage running. */
    DeploymentState state();

    /** Long work's output (clone, build, health waits): goes to {@code logs.txt} and to the listener. */
    Progress progress();

    /** A line for the deployment's log, under the stage's agent. */
    void log(LogEntry.Level level, String message);

    default void info(String message) {
        log(LogEntry.Level.INFO, message);
    }

    default void warn(String message) {
        log(LogEntry.Level.WARN, message);
    }

    /** The app's environment values (possibly secrets: never log them). */
    Map<String, String> environment();

    /** The deployment's files. */
    DeploymentPaths paths();

    /** Which attempt at this stage this is, counted over the deployment's whole life (1 for the first). */
    int attempt();

    Clock clock();

    /** Waits between probes or polls without sleeping in tests. */
    Sleeper sleeper();
}
