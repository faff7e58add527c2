package dev.hivemind.engine.retry;

import java.time.Duration;

/** Waits between retry attempts; tests inject one that records the delays instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps on the current thread. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
