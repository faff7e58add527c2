package dev.hivemind.engine;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.DeploymentState;
import java.util.List;
import java.util.Objects;

/**
 * How a stage ended, carrying the state with the stage's outputs (tech stack, artifact, infrastructure, ...).
 * The Conductor takes only those outputs from it; status, stages, logs and errors are its own.
 */
public sealed interface StageResult {

    DeploymentState state();

    /** The stage did its work. */
    record Completed(DeploymentState state) implements StageResult {
        public Completed {
            Objects.requireNonNull(state, "state");
        }
    }

    /** The stage found nothing to do, for the reason given. */
    record Skipped(DeploymentState state, String reason) implements StageResult {
        public Skipped {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The stage failed but has outputs worth keeping (what validation saw, say). */
    record Failed(DeploymentState state, HiveMindException error) implements StageResult {
        public Failed {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The stage stopped at a pause inside it that waits for a person (a canary step without a duration): the run
     * waits for {@code hivemind approve}, which runs the stage again to continue from there; {@code plan} says what
     * happens then.
     */
    record Paused(DeploymentState state, List<String> plan) implements StageResult {
        public Paused {
            Objects.requireNonNull(state, "state");
            plan = List.copyOf(plan);
        }
    }

    static StageResult completed(DeploymentState state) {
        return new Completed(state);
    }
}
