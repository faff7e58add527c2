package dev.hivemind.api.error;

/** A prerequisite is missing on this machine (exit 4). */
public final class PreflightException extends HiveMindException {

    public PreflightException(Agent agent, String message, String context, String remediation) {
        super(agent, message, context, remediation, null);
    }

    public PreflightException(Agent agent, String message, String context, String remediation, Throwable cause) {
        super(agent, message, context, remediation, cause);
    }

    @Override
    public String errorType() {
        return "PreflightError";
    }

    @Override
    public RetryCategory retryCategory() {
        return RetryCategory.NONE;
    }
}
