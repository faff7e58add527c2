package dev.hivemind.engine;

import dev.hivemind.api.PendingGate;
import java.util.Objects;

/**
 * Who decides at an approval gate. The Conductor asks it before a gated stage runs: a person at a terminal
 * (the CLI's prompt), {@link #AUTO} for {@code --auto-approve}, or {@link #DEFER} when nobody can answer now, which
 * leaves the deployment {@code awaiting_approval} for {@code hivemind approve} or {@code reject}.
 */
@FunctionalInterface
public interface Approver {

    /** Approves every gate: {@code --auto-approve}. */
    Approver AUTO = gate -> new Decision.Approved("--auto-approve");

    /** Answers no gate now: the deployment waits for {@code hivemind approve ID} or {@code reject ID}. */
    Approver DEFER = gate -> new Decision.Deferred();

    Decision decide(PendingGate gate);

    /** What was decided at a gate. */
    sealed interface Decision {

        /** The stage may run; {@code by} says how it was approved ("at the prompt", "--auto-approve"). */
        record Approved(String by) implements Decision {
            public Approved {
                Objects.requireNonNull(by, "by");
            }
        }

        /** The deployment fails with {@code reason}. */
        record Rejected(String reason) implements Decision {
            public Rejected {
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** Nobody answered: the deployment waits. */
        record Deferred() implements Decision { }
    }
}
