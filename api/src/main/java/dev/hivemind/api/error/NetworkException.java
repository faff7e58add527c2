package dev.hivemind.api.error;

/** A network operation failed: clone, HTTP to a target; retried with backoff. */
public final class NetworkException extends HiveMindException {

    public NetworkException(Agent agent, String message, String context, String remediation) {
        super(agent, message, context, remediation, null);
    }

    public NetworkException(Agent agent, String message, String context, String remediation, Throwable cause) {
        super(agent, message, context, remediation, cause);
    }

    @Override
    public String errorType() {
        return "NetworkError";
    }

    @Override
    public RetryCategory retryCategory() {
        return RetryCategory.NETWORK;
    }
}
