package dev.hivemind.runtime.supervisor;

import dev.hivemind.runtime.client.HealthSettings;
import dev.hivemind.runtime.client.Listener;
import dev.hivemind.runtime.proxy.Backend;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the agent writes into an instance's log about its life (started, adopted, passed or missed its probes,
 * exited, crash-looping, stopped), beside the app's own output: {@code hivemind logs} shows these lines, so their
 * wording is part of what users read.
 */
record InstanceNotes(InstanceLog log, String releaseId, int replica) {

    void started(long pid, Backend at, Optional<NetworkNamespace> namespace) {
        log.note("started " + who() + " as pid " + pid + " on " + at.host() + ":" + at.port()
                + namespace.map(own -> " in its own network namespace " + own.name()).orElse(""));
    }

    void adopted(long pid, Backend at) {
        log.note("adopted " + who() + " as pid " + pid + " on " + at.host() + ":" + at.port()
                + " after the agent restarted");
    }

    void listensElsewhere(List<Listener> listening, int probed, int givenPort, Backend now) {
        log.note(who() + " listens on " + listening.stream().map(Listener::toString).collect(Collectors.joining(", "))
                + ", not on " + probed + (probed == givenPort ? " (the PORT it was given)" : "")
                + ": probing and routing to " + now.host() + ":" + now.port() + " from now on");
    }

    void startup(boolean passed, HealthSettings health) {
        log.note(who() + (passed ? " passed its health probes on " + health.path()
                : " did not pass its health probes on " + health.path() + " within "
                + health.startupDeadline().toMillis() + " ms"));
    }

    void readiness(boolean ready) {
        log.note(who() + (ready ? " passes its readiness probe; in rotation"
                : " fails its readiness probe; out of rotation until it passes"));
    }

    void livenessFailed() {
        log.note(who() + " fails its liveness probe; restarting it");
    }

    void stopping(long pid, Duration grace) {
        log.note("stopping: SIGTERM to process group " + pid + ", SIGKILL after " + grace.toMillis() + " ms");
    }

    void exited(String exit, Duration uptime, Duration delay) {
        log.note(who() + " " + exit + " after " + uptime.toMillis() + " ms; restarting in " + delay.toMillis() + " ms");
    }

    void crashLooping(String why) {
        log.note(who() + " is crash-looping (" + why);
    }

    void cannotRestart(String error) {
        log.note("cannot restart release " + releaseId + ": " + error);
    }

    private String who() {
        return "release " + releaseId + " replica " + replica;
    }
}
