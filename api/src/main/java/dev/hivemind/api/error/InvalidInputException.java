package dev.hivemind.api.error;

/** Bad input or usage: a malformed URL, a missing directory, an unknown deployment, an invalid option. Refused before any side effect (exit 2). */
public final class InvalidInputException extends HiveMindException {

    public InvalidInputException(Agent agent, String message, String context, String remediation) {
        super(agent, message, context, remediation, null);
    }

    public InvalidInputException(Agent agent, String message, String context, String remediation, Throwable cause) {
        super(agent, message, context, remediation, cause);
    }

    @Override
    public String errorType() {
        return "InvalidInputError";
    }

    @Override
    public RetryCategory retryCategory() {
        return RetryCategory.NONE;
    }
}
