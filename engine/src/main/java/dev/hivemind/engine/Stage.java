package dev.hivemind.engine;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import java.util.List;

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
     * @throws dev.hivemind.api.error.HiveMindException when it fails; the error's retry category decides whether the
     *                                            Conductor runs it again
     */
    StageResult execute(StageContext context);

    /**
     * What the stage will do for {@code state}, shown at an approval gate before it runs: what it creates, changes,
     * starts, and which traffic moves. Reads only; the default is the stage's summary.
     */
    default List<String> plan(DeploymentState state) {
        return List.of(name().summary());
    }

    /**
     * {@link #plan(DeploymentState)} knowing the app's environment (the provision stage plans no cloud database when
     * it gives {@code DATABASE_URL}); never shows its values. By default the plan without it.
     */
    default List<String> plan(DeploymentState state, java.util.Map<String, String> environment) {
        return plan(state);
    }
}
