package dev.hivemind.testing.hosts;

/** The short sleep between two looks at something that is getting ready or going away. */
final class Pause {
    private static final long MILLIS = 100;

    private Pause() {
    }

    /** Sleeps 100 ms; an interrupt ends the wait with a {@link TestHostException}, the flag kept. */
    static void briefly() {
        try {
            Thread.sleep(MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestHostException("interrupted while waiting for a test host", e);
        }
    }
}
