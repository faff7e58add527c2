package dev.hivemind.target.ssh.hardening;

import dev.hivemind.target.hardening.HostRubric;
import dev.hivemind.target.hardening.ScoredCheck;

/** A step as it went and its check of the host rubric, whose detail is the step's before and after. */
record StepOutcome(HardeningStep step, ScoredCheck check) {

    static StepOutcome of(HardeningStep step, HostRubric item, boolean passed, String recommendation) {
        return new StepOutcome(step, item.check(passed, step.detail(), recommendation));
    }
}
