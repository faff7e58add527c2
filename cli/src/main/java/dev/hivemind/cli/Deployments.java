package dev.hivemind.cli;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.state.StateStore;
import java.util.List;

/** Finds deployments by id or by app name, the way every command that takes {@code ID|APP} does. */
public final class Deployments {
    private final StateStore store;

    public Deployments(StateStore store) {
        this.store = store;
    }

    /** The deployment with this id, else the app's newest deployment. */
    public DeploymentState byIdOrApp(String idOrApp) {
        return store.find(idOrApp).or(() -> store.listForApp(idOrApp).stream().findFirst())
                .orElseThrow(() -> unknown(idOrApp));
    }

    public DeploymentState byId(String id) {
        return store.find(id).orElseThrow(() -> unknown(id));
    }

    /** The app's deployments, newest first; an app with none is an error. */
    public List<DeploymentState> ofApp(String app) {
        List<DeploymentState> deployments = store.listForApp(app);
        if (deployments.isEmpty()) {
            throw new InvalidInputException(Agent.CONDUCTOR, "no app named '" + app + "' has been deployed",
                    "Looking up " + app, "Run 'hivemind status' to list the apps");
        }
        return deployments;
    }

    /**
     * Whether {@code state}'s app has been destroyed since it was created (it is destroyed itself, or another
     * deployment of the app was destroyed after it began): whatever URL it recorded serves nothing now.
     *
     * @param ofApp the app's deployments
     */
    public static boolean destroyedSince(DeploymentState state, List<DeploymentState> ofApp) {
        return state.status() == Status.DESTROYED || ofApp.stream().anyMatch(other -> other.status()
                == Status.DESTROYED && !other.updatedAt().isBefore(state.createdAt()));
    }

    private static InvalidInputException unknown(String idOrApp) {
        return new InvalidInputException(Agent.CONDUCTOR, "no deployment or app named '" + idOrApp + "'",
                "Looking up " + idOrApp, "Run 'hivemind status' to list apps and 'hivemind history APP' for deployments");
    }
}
