package dev.hivemind.runtime.supervisor;

import dev.hivemind.api.rollout.RolloutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An instance's restarts: how many there were, how long to wait before the next one (the backoff doubles along a
 * crash streak, which a long enough healthy uptime ends), and whether the instance is crash-looping: {@code crashLoop.restarts()}
 * restarts within the last {@code crashLoop.window()}. It stops being crash-looping by itself once the window holds
 * fewer restarts. It schedules the next restart and cancels it when the instance stops. Guarded by the instance's
 * lock.
 */
public final class Restarts {
    private final Backoff backoff;
    private final RolloutPolicy.CrashLoop crashLoop;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private int count;
    private int streak;
    private Optional<ScheduledFuture<?>> pending = Optional.empty();

    public Restarts(Backoff backoff, RolloutPolicy.CrashLoop crashLoop) {
        this.backoff = backoff;
        this.crashLoop = crashLoop;
    }

    public int count() {
        return count;
    }

    /**
     * The delay before restarting a process that exited after {@code uptime}; only one that had passed its startup
     * probe ({@code wasHealthy}) and ran long enough ends the streak, so one that crashes while starting, however
     * slowly, keeps backing off.
     */
    public Duration delayAfter(Duration uptime, boolean wasHealthy) {
        if (wasHealthy && backoff.resetsAfter(uptime)) {
            streak = 0;
        }
        return backoff.delay(streak++);
    }

    /**
     * Schedules {@code restart} after the backoff for a process that exited after {@code uptime} (see
     * {@link #delayAfter}); returns the delay.
     */
    Duration schedule(ScheduledExecutorService scheduler, Duration uptime, boolean wasHealthy, Runnable restart) {
        Duration delay = delayAfter(uptime, wasHealthy);
        pending = Optional.of(scheduler.schedule(restart, delay.toMillis(), TimeUnit.MILLISECONDS));
        return delay;
    }

    /** Cancels the scheduled restart, if any: the instance was stopped. */
    void cancelPending() {
        pending.ifPresent(restart -> restart.cancel(false));
    }

    /** Counts a restart; returns whether the instance is crash-looping now. */
    public boolean add(Instant at) {
        count++;
        recent.addLast(at);
        while (recent.size() > crashLoop.restarts()) {
            recent.removeFirst();
        }
        return crashLooping(at);
    }

    public boolean crashLooping(Instant now) {
        Instant since = now.minus(crashLoop.window());
        return recent.stream().filter(at -> at.isAfter(since)).count() >= crashLoop.restarts();
    }

    /** Why an instance counts as crash-looping, and what the agent does about it. */
    public String describe() {
        return crashLoop.restarts() + " restarts within " + crashLoop.window().toSeconds() + " s); the agent keeps"
                + " restarting it, at most " + backoff.max().toMillis() + " ms apart";
    }
}
