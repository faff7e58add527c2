package dev.hivemind.api;

import java.util.Objects;

/** What was decided at a rollout's pause that waits for a person (a canary step without a duration). */
public sealed interface PauseDecision {

    /** Go on; {@code by} says how it was approved ("at the prompt", "--auto-approve"). */
    record Approved(String by) implements PauseDecision {
        public Approved {
            Objects.requireNonNull(by, "by");
        }
    }

    /** Abort the rollout with {@code reason}. */
    record Rejected(String reason) implements PauseDecision {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Nobody can answer now: the rollout stays where it is and the deployment waits for {@code hivemind approve}. */
    record Deferred() implements PauseDecision { }
}
