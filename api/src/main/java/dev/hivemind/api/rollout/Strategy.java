package dev.hivemind.api.rollout;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a new release replaces the running one. */
public enum Strategy {
    /** Start the new release beside the old, health-gate it, switch the proxy at once, drain the old. */
    BLUE_GREEN,
    /** Stop the old release, then start the new one: downtime allowed, for apps that cannot run twice. */
    RECREATE,
    /** Start the new release beside stable and move traffic to it in weighted, analysed steps; abort on a bad step. */
    CANARY,
    /** Replace the replicas of the running release in health-gated batches; a failed batch rolls back. */
    ROLLING;

    /** The wire and command-line name: {@code blue-green}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Strategy> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.toString().equalsIgnoreCase(text.trim())).findFirst();
    }
}
