package dev.hivemind.runtime;

/** A request the agent refuses, with the HTTP status and short code its API answers with. */
final class AgentError extends RuntimeException {
    private final int status;
    private final String code;

    private AgentError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static AgentError badRequest(String message) {
        return new AgentError(400, "bad_request", message);
    }

    static AgentError notFound(String message) {
        return new AgentError(404, "not_found", message);
    }

    static AgentError conflict(String message) {
        return new AgentError(409, "conflict", message);
    }

    static AgentError methodNotAllowed(String message) {
        return new AgentError(405, "method_not_allowed", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
