package dev.hivemind.api.error;

/** Creating or removing what the app runs on failed. */
public final class InfrastructureException extends HiveMindException {

    public InfrastructureException(Agent agent, String message, String context, String remediation) {
        super(agent, message, context, remediation, null);
    }

    public InfrastructureException(Agent agent, String message, String context, String remediation, Throwable cause) {
        super(agent, message, context, remediation, cause);
    }

    @Override
    public String errorType() {
        return "InfrastructureError";
    }

    @Override
    public RetryCategory retryCategory() {
        return RetryCategory.NONE;
    }
}
