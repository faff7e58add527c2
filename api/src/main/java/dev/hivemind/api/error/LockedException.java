package dev.hivemind.api.error;

/** Another deployment of the same app holds its lock. */
public final class LockedException extends HiveMindException {

    public LockedException(Agent agent, String message, String context, String remediation) {
        super(agent, message, context, remediation, null);
    }

    public LockedException(Agent agent, String message, String context, String remediation, Throwable cause) {
        super(agent, message, context, remediation, cause);
    }

    @Override
    public String errorType() {
        return "LockError";
    }

    @Override
    public RetryCategory retryCategory() {
        return RetryCategory.NONE;
    }
}
