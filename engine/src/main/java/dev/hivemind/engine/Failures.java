package dev.hivemind.engine;

import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;

/** Turns what stopped a stage into the error recorded and thrown: every error names agent, context, remedy. */
public final class Failures {

    private Failures() {
    }

    /** The failure itself when it is a HiveMind error; otherwise an unexpected error wrapping it. */
    static HiveMindException of(Throwable failure, StageName stage, DeploymentState state) {
        if (failure instanceof HiveMindException known) {
            return known;
        }
        String message = failure.getMessage();
        return new DeploymentException(stage.agent(),
                "unexpected " + failure.getClass().getName() + (message == null ? "" : ": " + message),
                running(stage, state),
                "This is a fault in HiveMind or one of its plugins; the stack trace is in the deployment's logs.txt. "
                        + "Try again with `hivemind retry " + state.deploymentId() + " --stage " + stage + "`",
                failure);
    }

    /** The error recorded when the run was interrupted (Ctrl-C, a shutdown). */
    public static HiveMindException interrupted(StageName stage, DeploymentState state, Throwable cause) {
        return new DeploymentException(stage.agent(),
                "interrupted during stage " + stage.number() + " " + stage, running(stage, state),
                "Continue where it stopped with `hivemind resume " + state.deploymentId() + "`", cause);
    }

    private static String running(StageName stage, DeploymentState state) {
        return "Running stage " + stage.number() + " " + stage + " of deployment " + state.deploymentId()
                + " for app '" + state.app() + "'";
    }
}
