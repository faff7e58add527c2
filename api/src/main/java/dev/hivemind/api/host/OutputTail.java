package dev.hivemind.api.host;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Keeps the last lines of a command's output, for the error that reports its failure. Thread-safe. */
public final class OutputTail {
    private final int capacity;
    private final Deque<String> lines;

    public OutputTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
