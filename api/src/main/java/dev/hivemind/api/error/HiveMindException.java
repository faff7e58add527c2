package dev.hivemind.api.error;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * The root of every failure HiveMind reports: it names the agent, a type, the context (what was being
 * attempted) and a remediation, and says which retry policy applies. The CLI maps each subclass to an exit code.
 */
public abstract sealed class HiveMindException extends RuntimeException
        permits InvalidInputException, PreflightException, BuildException, NetworkException, DeploymentException,
                InfrastructureException, LockedException {

    private final Agent agent;
    private final String context;
    private final String remediation;

    protected HiveMindException(Agent agent, String message, String context, String remediation, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.agent = Objects.requireNonNull(agent, "agent");
        this.context = Objects.requireNonNull(context, "context");
        this.remediation = Objects.requireNonNull(remediation, "remediation");
    }

    public Agent agent() {
        return agent;
    }

    /** The type shown after "Error:", e.g. {@code BuildError}. */
    public abstract String errorType();

    public abstract RetryCategory retryCategory();

    public String context() {
        return context;
    }

    public String remediation() {
        return remediation;
    }

    /** The error in the brief's template, without the stack trace. */
    public String render() {
        return "[HiveMind " + agent.displayName() + "] Error: " + errorType() + "\n"
                + "Message: " + getMessage() + "\n"
                + "Context: " + context + "\n"
                + "Remediation: " + remediation;
    }

    public static String stackTraceOf(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
