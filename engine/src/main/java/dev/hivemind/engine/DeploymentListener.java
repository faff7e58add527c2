package dev.hivemind.engine;

/** Receives a run's events as they happen; the CLI's implementation shows them. Called on the run's threads. */
@FunctionalInterface
public interface DeploymentListener {

    void on(DeploymentEvent event);

    /** A listener that ignores every event. */
    static DeploymentListener none() {
        return event -> { };
    }
}
