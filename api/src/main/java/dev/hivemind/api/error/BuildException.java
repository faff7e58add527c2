package dev.hivemind.api.error;

/** The application's build failed; never retried, the user must fix the code. */
public final class BuildException extends HiveMindException {

    public BuildException(Agent agent, String message, String context, String remediation) {
        super(agent, message, context, remediation, null);
    }

    public BuildException(Agent agent, String message, String context, String remediation, Throwable cause) {
        super(agent, message, context, remediation, cause);
    }

    @Override
    public String errorType() {
        return "BuildError";
    }

    @Override
    public RetryCategory retryCategory() {
        return RetryCategory.NONE;
    }
}
