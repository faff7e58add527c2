package dev.hivemind.engine;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.state.DeploymentIds;
import java.util.Optional;
import java.util.Set;

/**
 * Which stages one run executes, checked before anything changes.
 *
 * @param from    the first stage to run
 * @param until   the last stage to run, when the run stops early
 * @param skipped stages recorded as skipped instead of run
 */
record RunPlan(StageName from, Optional<StageName> until, Set<StageName> skipped) {

    RunPlan {
        skipped = Set.copyOf(skipped);
    }

    /** A new deployment: from init, never from a later stage. */
    static RunPlan forNew(DeploymentState initial, RunRange range, boolean skipPreflight) {
        if (!DeploymentIds.isValid(initial.deploymentId())) {
            throw invalid("'" + initial.deploymentId() + "' is not a deployment id", initial,
                    "Make ids with DeploymentIds: lower-case letters, digits and dashes");
        }
        if (initial.status() != Status.PENDING
                || initial.stages().stream().anyMatch(stage -> stage.status() != StageStatus.PENDING)) {
            throw new IllegalArgumentException("a new deployment must be pending with every stage pending: "
                    + initial.deploymentId() + " is " + initial.status());
        }
        range.from().filter(stage -> stage != StageName.INIT).ifPresent(stage -> {
            throw invalid("--from " + stage + " needs an existing deployment: a new one starts at init", initial,
                    "Drop --from, or continue a deployment with `hivemind resume ID` or "
                            + "`hivemind retry ID --stage " + stage + "`");
        });
        return new RunPlan(StageName.INIT, range.until(), skipPreflight ? Set.of(StageName.PREFLIGHT) : Set.of());
    }

    /** A deployment continued by resume or retry: every stage before {@code from} must have completed. */
    static RunPlan forExisting(DeploymentState state, RunRange range) {
        refuseFinished(state);
        StageName from = range.from().orElseGet(() -> state.firstUnfinishedStage().orElse(StageName.REPORT));
        for (StageRecord stage : state.stages()) {
            boolean done = stage.status() == StageStatus.COMPLETED || stage.status() == StageStatus.SKIPPED;
            if (stage.name().compareTo(from) < 0 && !done) {
                throw invalid("cannot start deployment " + state.deploymentId() + " at " + from + ": stage "
                                + stage.name() + " before it is " + stage.status(), state,
                        "Run from the first stage not completed: `hivemind retry " + state.deploymentId()
                                + " --stage " + stage.name() + "`");
            }
        }
        range.until().filter(until -> until.compareTo(from) < 0).ifPresent(until -> {
            throw invalid("--until " + until + " comes before " + from + ", where deployment "
                    + state.deploymentId() + " continues", state, "Pass an --until stage at or after " + from);
        });
        return new RunPlan(from, range.until(), Set.of());
    }

    boolean covers(StageName stage) {
        return stage.compareTo(from) >= 0;
    }

    /** Whether the run executes {@code stage}: it starts at or before it and does not stop before it. */
    boolean runs(StageName stage) {
        return covers(stage) && until.map(last -> stage.compareTo(last) <= 0).orElse(true);
    }

    boolean skips(StageName stage) {
        return skipped.contains(stage);
    }

    /** Whether the run stops after {@code stage} without completing the deployment. */
    boolean stopsAfter(StageName stage) {
        return until.map(last -> last == stage && stage != StageName.REPORT).orElse(false);
    }

    private static void refuseFinished(DeploymentState state) {
        String redeploy = "Deploy again for a new release: `" + NextSteps.redeploy(state) + "`";
        switch (state.status()) {
            case COMPLETE -> throw invalid("deployment " + state.deploymentId() + " is complete; there is "
                    + "nothing to resume or retry", state, redeploy + ", or `hivemind rollback " + state.app() + "`");
            case DESTROYED -> throw invalid("deployment " + state.deploymentId() + " was destroyed", state, redeploy);
            case ROLLED_BACK -> throw invalid("deployment " + state.deploymentId() + " was rolled back", state,
                    redeploy);
            case PENDING, ANALYZING, BUILDING, PROVISIONING, DEPLOYING, HARDENING, VALIDATING, FAILED,
                 AWAITING_APPROVAL -> {
                // a deployment that stopped, failed or crashed can continue
            }
        }
    }

    private static InvalidInputException invalid(String message, DeploymentState state, String remediation) {
        return new InvalidInputException(Agent.CONDUCTOR, message,
                "Planning a run of deployment " + state.deploymentId() + " for app '" + state.app() + "'",
                remediation);
    }
}
