package dev.hivemind.engine;

import dev.hivemind.api.StageName;

/**
 * One step of the pipeline. A stage does its work through the api services it was given, reports progress
 * through the context, never prints, and returns the state with its outputs added. The Conductor owns timing,
 * status, logs, persistence and retries.
 */
public interface Stage {

    StageName name();

    /**
     * Runs the stage once.
     *
     * @throws dev.hivemind.api.HiveMindException when it fails; the error's retry category decides whether the
     *                                            Conductor runs it again
     */
    StageResult execute(StageContext context);
}
