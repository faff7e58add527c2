package dev.hivemind.engine;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.PendingGate;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The approval gates of a run: before a gated stage runs it shows the stage's plan and asks the {@link Approver}.
 * Approved, the stage runs; rejected, the deployment fails with the reason; deferred, the run stops with the gate
 * recorded and the status {@code awaiting_approval}, like an {@code --until} stop that needs an approval to go on.
 */
public final class GateKeeper {
    private final Approver approver;

    GateKeeper(Approver approver) {
        this.approver = approver;
    }

    /**
     * Whether the run may go on into {@code stage}; false when it now waits for an approval.
     *
     * @throws HiveMindException the rejection, after recording it
     */
    boolean open(Run run, Stage stage) {
        DeploymentState state = run.state();
        if (!state.request().gates().contains(stage.name())) {
            return true;
        }
        PendingGate gate = new PendingGate(stage.name(), stage.plan(state, run.environment()), run.now(), state.request().gateTimeout());
        run.log(Agent.CONDUCTOR, LogEntry.Level.INFO, "approval gate before " + StageRunner.label(stage.name())
                + "; it will: " + String.join("; ", gate.plan()));
        return switch (approver.decide(gate)) {
            case ApprovalDecision.Approved approved -> {
                approved(run, gate, approved.by());
                yield true;
            }
            case ApprovalDecision.Rejected rejected -> throw reject(run, gate, rejected.reason());
            case ApprovalDecision.Deferred deferred -> {
                await(run, gate);
                yield false;
            }
        };
    }

    /**
     * Asks the approver whether a rollout inside {@code stage} may pass a pause that waits for a person; an approval
     * or rejection is logged, a deferral is recorded by {@link #pausedIn} once the stage has stopped.
     */
    static ApprovalDecision decidePause(Run run, StageName stage, List<String> plan, Approver approver) {
        PendingGate gate = new PendingGate(stage, plan, run.now(), run.state().request().gateTimeout());
        run.log(Agent.CONDUCTOR, LogEntry.Level.INFO, "rollout pause in " + StageRunner.label(stage)
                + "; once approved it will: " + String.join("; ", plan));
        ApprovalDecision decision = approver.decide(gate);
        if (decision instanceof ApprovalDecision.Approved approved) {
            run.log(Agent.CONDUCTOR, LogEntry.Level.INFO, "rollout pause in " + StageRunner.label(stage)
                    + " approved (" + approved.by() + ")");
        }
        return decision;
    }

    /** Records that {@code stage} stopped at a pause inside it and the run now waits for approval to continue it. */
    static void pausedIn(Run run, StageName stage, List<String> plan) {
        await(run, new PendingGate(stage, plan, run.now(), run.state().request().gateTimeout()));
    }

    static void approved(Run run, PendingGate gate, String by) {
        run.pendingGate(Optional.empty());
        run.log(Agent.CONDUCTOR, LogEntry.Level.INFO, "approval gate before " + StageRunner.label(gate.stage())
                + " approved (" + by + ")");
    }

    /** Records the gate and stops: status awaiting_approval, checkpoint, journal. */
    private static void await(Run run, PendingGate gate) {
        run.pendingGate(Optional.of(gate));
        run.status(Status.AWAITING_APPROVAL);
        run.log(Agent.CONDUCTOR, LogEntry.Level.INFO, "awaiting approval before " + StageRunner.label(gate.stage())
                + gate.timeout().map(timeout -> " (rejected by itself after " + describe(timeout) + ")").orElse("")
                + "; approve with `hivemind approve " + run.id() + "`, reject with `hivemind reject " + run.id()
                + " --reason TEXT`");
        run.checkpoint();
        run.writeJournal();
    }

    /**
     * Fails the deployment at {@code gate} with {@code reason}: error recorded, status failed, checkpoint, journal.
     *
     * @return the error, for the caller to throw or report
     */
    static HiveMindException reject(Run run, PendingGate gate, String reason) {
        StageName stage = gate.stage();
        DeploymentException error = new DeploymentException(Agent.CONDUCTOR, "deployment " + run.id()
                + " was rejected at the approval gate before " + StageRunner.label(stage) + ": " + reason,
                "Approval gate before stage " + stage + " of deployment " + run.id() + " for app '"
                        + run.state().app() + "'",
                "Nothing after the gate ran. Ask again with `hivemind retry " + run.id() + " --stage " + stage
                        + "`, or deploy again when ready");
        run.pendingGate(Optional.empty());
        run.error(error);
        run.log(Agent.CONDUCTOR, LogEntry.Level.ERROR, "approval gate before " + StageRunner.label(stage)
                + " rejected: " + reason);
        run.status(Status.FAILED);
        run.checkpoint();
        run.writeJournal();
        return error;
    }

    /** The reason recorded when a gate's timeout passed. */
    static String timedOut(PendingGate gate) {
        return "approval timed out after " + gate.timeout().map(GateKeeper::describe).orElse("its timeout");
    }

    /** {@code 1h30m}, {@code 10m}, {@code 45s}. */
    public static String describe(Duration duration) {
        StringBuilder text = new StringBuilder();
        if (duration.toHours() > 0) {
            text.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || text.isEmpty()) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }
}
