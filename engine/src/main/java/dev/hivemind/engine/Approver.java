package dev.hivemind.engine;

import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.api.state.PendingGate;

/**
 * Who decides at an approval gate. The Conductor asks it before a gated stage runs: a person at a terminal
 * (the CLI's prompt), {@link #AUTO} for {@code --auto-approve}, or {@link #DEFER} when nobody can answer now, which
 * leaves the deployment {@code awaiting_approval} for {@code hivemind approve} or {@code reject}.
 */
@FunctionalInterface
public interface Approver {

    /** Approves every gate: {@code --auto-approve}. */
    Approver AUTO = gate -> new ApprovalDecision.Approved("--auto-approve");

    /** Answers no gate now: the deployment waits for {@code hivemind approve ID} or {@code reject ID}. */
    Approver DEFER = gate -> new ApprovalDecision.Deferred();

    ApprovalDecision decide(PendingGate gate);
}
