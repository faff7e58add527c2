package dev.hivemind.cli.command;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.Status;
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
        return save(home, id, app, url, AT, Optional.empty());
    }

    /** A deployment of {@code app} created at {@code at} that reached {@code url}, then got {@code status}. */
    static DeploymentState save(Path home, String id, String app, String url, Instant at, Optional<Status> status) {
        DeploymentState initial = DeploymentState.initial(id, app, "local", "", new DeployRequest("/srv/" + app,
                Optional.empty(), Strategy.BLUE_GREEN, Optional.empty(), false), at).withUrl(url);
        DeploymentState state = status.map(next -> initial.withStatus(next, at.plusSeconds(60))).orElse(initial);
        new StateStore(new HivemindHome(home)).create(state);
        return state;
    }
}
