package dev.hivemind.engine;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.state.StateStore;
import java.util.Optional;

/**
 * Keeps an old deployment from moving an app's traffic back silently: a deployment is <em>superseded</em> when a
 * deployment of its app created after it went into traffic (its deploy stage completed; a destroyed one does not
 * count, nothing serves after a destroy). Continuing a superseded deployment through its deploy stage would replace
 * what serves with its older build, so it needs {@code --force}.
 */
final class Supersession {
    private Supersession() {
    }

    /**
     * Refuses a run of {@code plan} over a superseded deployment unless forced.
     *
     * @return the warning to log when {@code force} let a superseded deployment through
     * @throws InvalidInputException when the run would move the traffic of a superseded deployment's app, unforced
     */
    static Optional<String> check(StateStore store, DeploymentState state, RunPlan plan, boolean force) {
        if (!plan.runs(StageName.DEPLOY)) {
            return Optional.empty();
        }
        Optional<DeploymentState> later = supersededBy(store, state);
        if (later.isEmpty()) {
            return Optional.empty();
        }
        String why = "deployment " + later.get().deploymentId() + ", created after it, " + serving(store, later.get());
        if (force) {
            return Optional.of("continued with --force although superseded: " + why + "; this run moves the traffic "
                    + "of '" + state.app() + "' to release " + state.deploymentId());
        }
        throw new InvalidInputException(Agent.CONDUCTOR, "deployment " + state.deploymentId() + " of app '"
                + state.app() + "' is superseded: " + why + "; continuing it would move the app's traffic back to its "
                + "older build", "Continuing deployment " + state.deploymentId() + " from " + plan.from(),
                "Deploy the build you want: `" + NextSteps.redeploy(state) + "`, or pass --force to continue "
                        + state.deploymentId() + " anyway and move the traffic to it");
    }

    /** The newest deployment of the app created after {@code state} that went into traffic. */
    static Optional<DeploymentState> supersededBy(StateStore store, DeploymentState state) {
        return store.listForApp(state.app()).stream()
                .filter(other -> other.createdAt().isAfter(state.createdAt()))
                .filter(other -> other.status() != Status.DESTROYED)
                .filter(other -> other.stage(StageName.DEPLOY).map(StageRecord::status)
                        .filter(status -> status == StageStatus.COMPLETED).isPresent())
                .findFirst();
    }

    /** What the later deployment did and which deployment serves the app now, as the records tell. */
    private static String serving(StateStore store, DeploymentState later) {
        Optional<DeploymentState> complete = store.listForApp(later.app()).stream()
                .filter(other -> other.status() == Status.COMPLETE).findFirst();
        if (complete.filter(found -> found.deploymentId().equals(later.deploymentId())).isPresent()) {
            return "completed and serves the app now";
        }
        return "went into traffic (it is " + later.status() + ")" + complete.map(found -> "; deployment "
                + found.deploymentId() + " serves the app now").orElse("");
    }
}
