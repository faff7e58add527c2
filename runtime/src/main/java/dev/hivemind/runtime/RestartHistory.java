package dev.hivemind.runtime;

import dev.hivemind.api.RolloutPolicy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When an instance was restarted, to tell whether it is crash-looping: {@code crashLoop.restarts()} restarts within
 * the last {@code crashLoop.window()}. It stops being crash-looping by itself once the window holds fewer restarts.
 * Guarded by the instance's lock.
 */
final class RestartHistory {
    private final RolloutPolicy.CrashLoop crashLoop;
    private final Deque<Instant> restarts = new ArrayDeque<>();

    RestartHistory(RolloutPolicy.CrashLoop crashLoop) {
        this.crashLoop = crashLoop;
    }

    void add(Instant at) {
        restarts.addLast(at);
        while (restarts.size() > crashLoop.restarts()) {
            restarts.removeFirst();
        }
    }

    boolean crashLooping(Instant now) {
        Instant since = now.minus(crashLoop.window());
        return restarts.stream().filter(at -> at.isAfter(since)).count() >= crashLoop.restarts();
    }

    String describe() {
        return crashLoop.restarts() + " restarts within " + crashLoop.window().toSeconds() + " s";
    }
}
