package dev.hivemind.api.error;

/**
 * Starting or switching to a release failed; retried once, unless it is a rollout's own verdict (a canary that failed
 * its analysis, a rolling batch rolled back), which running it again would only repeat.
 */
public final class DeploymentException extends HiveMindException {
    private final RetryCategory retryCategory;

    public DeploymentException(Agent agent, String message, String context, String remediation) {
        this(agent, message, context, remediation, null);
    }

    public DeploymentException(Agent agent, String message, String context, String remediation, Throwable cause) {
        this(agent, message, context, remediation, cause, RetryCategory.DEPLOY);
    }

    private DeploymentException(Agent agent, String message, String context, String remediation, Throwable cause,
                                RetryCategory retryCategory) {
        super(agent, message, context, remediation, cause);
        this.retryCategory = retryCategory;
    }

    /** A failure the deployment must not retry by itself: a rollout aborted on purpose, after putting things back. */
    public static DeploymentException aborted(Agent agent, String message, String context, String remediation) {
        return new DeploymentException(agent, message, context, remediation, null, RetryCategory.NONE);
    }

    /**
     * A release that cannot start as it is (its start command is missing, it exits at once, it needs a module the
     * build did not install, its port is taken): running the deployment again would fail the same way, so it is not
     * retried.
     */
    public static DeploymentException cannotSucceed(Agent agent, String message, String context, String remediation) {
        return new DeploymentException(agent, message, context, remediation, null, RetryCategory.NONE);
    }

    @Override
    public String errorType() {
        return "DeploymentError";
    }

    @Override
    public RetryCategory retryCategory() {
        return retryCategory;
    }
}
