package dev.hivemind.cli;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.state.StateStore;
import dev.hivemind.runtime.client.AppView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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

    /**
     * The deployment with this id; for an app's name, the deployment that serves it ({@link #serving}): what
     * {@code status APP} and {@code report APP} headline.
     *
     * @param live what the running agent serves of an app, asked only for an app's name
     */
    public DeploymentState byIdOrServing(String idOrApp, Function<String, Optional<AppView>> live) {
        Optional<DeploymentState> byId = store.find(idOrApp);
        if (byId.isPresent()) {
            return byId.get();
        }
        List<DeploymentState> deployments = store.listForApp(idOrApp);
        if (deployments.isEmpty()) {
            throw unknown(idOrApp);
        }
        return serving(deployments, live.apply(idOrApp));
    }

    /**
     * Of an app's deployments (newest first), the newest whose release gets traffic now (a canary or rolling update
     * in progress), else the one of the stable release, as the agent says; without the agent's word, the newest
     * not rolled back (a rollback moved the traffic off it), else the newest.
     */
    public static DeploymentState serving(List<DeploymentState> deployments, Optional<AppView> live) {
        Map<String, Integer> weights = live.map(AppView::weights).orElse(Map.of());
        Optional<String> stable = live.flatMap(AppView::activeRelease);
        return deployments.stream().filter(state -> weights.getOrDefault(state.deploymentId(), 0) > 0).findFirst()
                .or(() -> deployments.stream().filter(state -> stable.filter(state.deploymentId()::equals).isPresent())
                        .findFirst())
                .or(() -> live.isPresent() ? Optional.empty() : deployments.stream()
                        .filter(state -> state.status() != Status.ROLLED_BACK).findFirst())
                .orElse(deployments.getFirst());
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
