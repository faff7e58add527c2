package dev.hivemind.target.aws.standin;

/** An AWS error the stand-in answers with: HTTP status, error code and message. */
final class StandInError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    StandInError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
