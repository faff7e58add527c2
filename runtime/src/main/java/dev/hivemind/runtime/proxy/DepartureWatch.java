package dev.hivemind.runtime.proxy;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Has the client connections of the requests that wait long for their backend watched by a {@link DepartureProbe}.
 * Watching a connection costs a selector update (as much CPU as the rest of a proxied request, measured), and most
 * requests are answered within milliseconds, so a request is watched only once it has waited {@link #WAIT}: a client
 * that leaves is noticed within about {@code WAIT + TICK} of its request's arrival, or at once if it leaves later.
 *
 * <p>Requests join a queue in arrival order (one lock-free offer each); a sweep every {@link #TICK} takes from its head
 * those that have waited long enough and tells them they are {@link ProxyExchange#due() due}; the ones already
 * answered ignore it.
 */
final class DepartureWatch {
    static final Duration WAIT = Duration.ofMillis(250);
    static final Duration TICK = Duration.ofMillis(250);

    private final Queue<ProxyExchange> waiting = new ConcurrentLinkedQueue<>();
    private volatile Scheduler.Task sweeping;
    private volatile boolean running;

    /** A request begins its exchange with a backend. */
    void add(ProxyExchange exchange) {
        waiting.offer(exchange);
    }

    /** Sweeps on {@code scheduler} until {@link #stop()}. */
    void start(Scheduler scheduler) {
        running = true;
        schedule(scheduler);
    }

    void stop() {
        running = false;
        Scheduler.Task task = sweeping;
        if (task != null) {
            task.cancel();
        }
        waiting.clear();
    }

    private void schedule(Scheduler scheduler) {
        if (running) {
            sweeping = scheduler.schedule(() -> sweep(scheduler), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void sweep(Scheduler scheduler) {
        try {
            long arrivedBy = System.nanoTime() - WAIT.toNanos();
            for (ProxyExchange head = waiting.peek(); head != null && head.began() - arrivedBy <= 0;
                 head = waiting.peek()) {
                waiting.poll();
                head.due();
            }
        } finally {
            schedule(scheduler);
        }
    }
}
