package dev.hivemind.target.rollout;

import java.time.Duration;

/** Holds a rollout step for its pause; tests hold without sleeping. */
@FunctionalInterface
public interface Hold {
    Hold SLEEP = Thread::sleep;

    void hold(Duration duration) throws InterruptedException;
}
