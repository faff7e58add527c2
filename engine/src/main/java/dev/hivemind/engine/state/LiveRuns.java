package dev.hivemind.engine.state;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a deployment whose state says it runs still has a process running it. A run that was killed (kill -9, a
 * crash, a closed terminal) leaves its state at a running status with a stage (or hook) still running, or failed and
 * waiting for its retry; its app's {@link AppLock}, which the OS released, tells that no process runs it any more: the
 * deployment was <em>interrupted</em>, and {@code hivemind resume} continues it. A run stopped on purpose by
 * {@code --until} leaves no stage midway and is not interrupted. Each app's lock is read once per instance.
 */
public final class LiveRuns {
    /** How {@code history} and {@code status} name an interrupted deployment's status. */
    public static final String INTERRUPTED = "interrupted";

    private final HivemindHome home;
    private final Map<String, Optional<AppLock.Holder>> holders = new HashMap<>();

    public LiveRuns(HivemindHome home) {
        this.home = home;
    }

    /** Whether the deployment was left midway by a process that no longer runs it. */
    public boolean interrupted(DeploymentState state) {
        return running(state.status()) && stoppedAt(state).isPresent()
                && holders.computeIfAbsent(state.app(), app -> AppLock.holder(home, app))
                .flatMap(AppLock.Holder::deploymentId).filter(state.deploymentId()::equals).isEmpty();
    }

    /** The status as people are shown it: {@value #INTERRUPTED} for an interrupted deployment, else its own. */
    public String status(DeploymentState state) {
        return interrupted(state) ? INTERRUPTED : state.status().toString();
    }

    /** The stage a run left midway (running, or failed and waiting for its retry), or whose hook it left so. */
    public static Optional<StageName> stoppedAt(DeploymentState state) {
        Optional<StageName> stage = state.stages().stream().filter(record -> midway(record.status()))
                .map(StageRecord::name).findFirst();
        return stage.or(() -> state.hooks().stream().filter(hook -> midway(hook.status()))
                .flatMap(hook -> hook.name().stage().stream()).findFirst());
    }

    private static boolean midway(StageStatus status) {
        return status == StageStatus.RUNNING || status == StageStatus.FAILED;
    }

    private static boolean running(Status status) {
        return !status.terminal() && status != Status.AWAITING_APPROVAL;
    }
}
