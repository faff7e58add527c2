package dev.hivemind.api;

/** Starting or switching to a release failed; retried once. */
public final class DeploymentException extends HiveMindException {

    public DeploymentException(Agent agent, String message, String context, String remediation) {
        super(agent, message, context, remediation, null);
    }

    public DeploymentException(Agent agent, String message, String context, String remediation, Throwable cause) {
        super(agent, message, context, remediation, cause);
    }

    @Override
    public String errorType() {
        return "DeploymentError";
    }

    @Override
    public RetryCategory retryCategory() {
        return RetryCategory.DEPLOY;
    }
}
