package dev.hivemind.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Requests a URL from a few threads until stopped, counting answers and failures (anything but 200). */
final class LoadLoop implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    LoadLoop(String url, int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            Thread thread = Thread.ofPlatform().name("load-" + i).start(() -> {
                while (running.get()) {
                    Http.Answer answer = Http.get(url);
                    requests.incrementAndGet();
                    if (answer.status() != 200) {
                        failures.add(answer.status() + " " + answer.body());
                    } else {
                        seen(answer.body());
                    }
                }
            });
            threads.add(thread);
        }
    }

    long requests() {
        return requests.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Keeps a body not seen before: checked and added at once, so two threads never both add it. */
    private synchronized void seen(String body) {
        if (!bodies.contains(body)) {
            bodies.add(body);
        }
    }

    /** The distinct bodies seen, in the order first seen. */
    List<String> bodies() {
        return List.copyOf(bodies);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
