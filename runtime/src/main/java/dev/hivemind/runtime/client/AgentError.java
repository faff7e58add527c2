package dev.hivemind.runtime.client;

/** A request the agent refuses, with the HTTP status and short code its API answers with. */
public final class AgentError extends RuntimeException {
    private final int status;
    private final String code;

    private AgentError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static AgentError badRequest(String message) {
        return new AgentError(400, "bad_request", message);
    }

    public static AgentError notFound(String message) {
        return new AgentError(404, "not_found", message);
    }

    public static AgentError conflict(String message) {
        return new AgentError(409, "conflict", message);
    }

    public static AgentError methodNotAllowed(String message) {
        return new AgentError(405, "method_not_allowed", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
