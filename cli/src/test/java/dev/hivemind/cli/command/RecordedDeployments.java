package dev.hivemind.cli.command;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.state.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Deployments written straight into a HIVEMIND_HOME, for the commands that only read the records. */
final class RecordedDeployments {
    static final Instant AT = Instant.parse("2026-11-22T03:35:12.123Z");

    private RecordedDeployments() {
    }

    /** A deployment of {@code app} that reached {@code url}, saved in {@code home}. */
    static DeploymentState save(Path home, String id, String app, String url) {
        DeploymentState state = DeploymentState.initial(id, app, "local", "", new DeployRequest("/srv/" + app,
                Optional.empty(), Strategy.BLUE_GREEN, Optional.empty(), false), AT).withUrl(url);
        StateStore store = new StateStore(new HivemindHome(home));
        store.create(state);
        return state;
    }
}
