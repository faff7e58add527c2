package dev.hivemind.api;

/** Receives progress lines from long work (clone progress, build output, health waits). */
@FunctionalInterface
public interface Progress {
    void line(String text);

    static Progress none() {
        return text -> { };
    }
}
