package dev.hivemind.api.state;

import java.util.Objects;

/**
 * What was decided where a deployment waits for a person: at an approval gate before a stage, or at a rollout's pause
 * (a canary step without a duration).
 */
public sealed interface ApprovalDecision {

    /** Go on; {@code by} says how it was approved ("at the prompt", "--auto-approve"). */
    record Approved(String by) implements ApprovalDecision {
        public Approved {
            Objects.requireNonNull(by, "by");
        }
    }

    /** Stop: the deployment fails (a rollout is aborted) with {@code reason}. */
    record Rejected(String reason) implements ApprovalDecision {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Nobody can answer now: the deployment waits, {@code awaiting_approval}, for {@code hivemind approve} or {@code reject}. */
    record Deferred() implements ApprovalDecision { }
}
