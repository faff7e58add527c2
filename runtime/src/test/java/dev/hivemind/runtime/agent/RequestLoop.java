package dev.hivemind.runtime.agent;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client sending GET / to a public port in a loop (20 ms apart), recording when each answer came and whether it was a 200. */
final class RequestLoop implements AutoCloseable {
    /** One request: when it ended ({@link System#nanoTime()}) and whether it got a 200. */
    record Result(long endedAt, boolean ok) {
    }

    private final List<Result> results = new CopyOnWriteArrayList<>();
    private final Thread thread;

    RequestLoop(AgentFixture fixture, int port) {
        thread = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    boolean ok = fixture.get(port, "/").statusCode() == 200;
                    results.add(new Result(System.nanoTime(), ok));
                    Thread.sleep(20);
                } catch (UncheckedIOException e) {
                    results.add(new Result(System.nanoTime(), false));
                } catch (InterruptedException | IllegalStateException e) {
                    return;
                }
            }
        });
    }

    int successes() {
        return (int) results.stream().filter(Result::ok).count();
    }

    int failures() {
        return results.size() - successes();
    }

    /** How long after {@code nanoTime} the first request that got a 200 ended, if one did. */
    Optional<Duration> firstSuccessAfter(long nanoTime) {
        return results.stream().filter(result -> result.ok() && result.endedAt() > nanoTime).findFirst()
                .map(result -> Duration.ofNanos(result.endedAt() - nanoTime));
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(15));
    }
}
