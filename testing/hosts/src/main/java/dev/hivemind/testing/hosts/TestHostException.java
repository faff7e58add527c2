package dev.hivemind.testing.hosts;

/** A test host could not be made, reached or torn down; the message says what happened and, if known, what to do. */
public final class TestHostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TestHostException(String message) {
        super(message);
    }

    public TestHostException(String message, Throwable cause) {
        super(message, cause);
    }
}
