package dev.hivemind.runtime;

import dev.hivemind.api.RolloutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An instance's restarts: how many there were, how long to wait before the next one (the backoff doubles along a
 * crash streak, which a long enough healthy uptime ends), and whether the instance is crash-looping: {@code crashLoop.restarts()}
 * restarts within the last {@code crashLoop.window()}. It stops being crash-looping by itself once the window holds
 * fewer restarts. Guarded by the instance's lock.
 */
final class Restarts {
    private final Backoff backoff;
    private final RolloutPolicy.CrashLoop crashLoop;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private int count;
    private int streak;

    Restarts(Backoff backoff, RolloutPolicy.CrashLoop crashLoop) {
        this.backoff = backoff;
        this.crashLoop = crashLoop;
    }

    int count() {
        return count;
    }

    /**
     * The delay before restarting a process that exited after {@code uptime}; only one that had passed its startup
     * probe ({@code wasHealthy}) and ran long enough ends the streak, so one that crashes while starting, however
     * slowly, keeps backing off.
     */
    Duration delayAfter(Duration uptime, boolean wasHealthy) {
        if (wasHealthy && backoff.resetsAfter(uptime)) {
            streak = 0;
        }
        return backoff.delay(streak++);
    }

    /** Counts a restart; returns whether the instance is crash-looping now. */
    boolean add(Instant at) {
        count++;
        recent.addLast(at);
        while (recent.size() > crashLoop.restarts()) {
            recent.removeFirst();
        }
        return crashLooping(at);
    }

    boolean crashLooping(Instant now) {
        Instant since = now.minus(crashLoop.window());
        return recent.stream().filter(at -> at.isAfter(since)).count() >= crashLoop.restarts();
    }

    /** Why an instance counts as crash-looping, and what the agent does about it. */
    String describe() {
        return crashLoop.restarts() + " restarts within " + crashLoop.window().toSeconds() + " s); the agent keeps"
                + " restarting it, at most " + backoff.max().toMillis() + " ms apart";
    }
}
