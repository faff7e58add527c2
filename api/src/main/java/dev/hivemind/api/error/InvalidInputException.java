package dev.hivemind.api.error;

/** Bad input or usage: a malformed URL, a missing directory, an unknown deployment, an invalid option. Refused before any side effect (exit 2). */
public final class InvalidInputException extends HiveMindException {

    public InvalidInputException(Agent agent, String message, String context, String remediation) {
        super(agent, message, context, remediation, null);
    }

    public InvalidInputException(Agent agent, String message, String context, String remediation, Throwable cause) {
        super(agent, message, context, remediation, cause);
    }

    /**
     * This error with {@code path} shown as {@code shown} in its message, context and remediation: a git source's
     * temporary checkout named by its URL, which is what the user gave and what outlives the run.
     */
    public InvalidInputException showing(java.nio.file.Path path, String shown) {
        String named = path.toString();
        return new InvalidInputException(agent(), getMessage().replace(named, shown),
                context().replace(named, shown), remediation().replace(named, shown), this);
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
