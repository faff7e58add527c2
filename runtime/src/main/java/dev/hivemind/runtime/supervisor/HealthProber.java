package dev.hivemind.runtime.supervisor;

import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.runtime.client.HealthSettings;
import dev.hivemind.runtime.client.ProbeView;
import dev.hivemind.runtime.proxy.Backend;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Probes instances with {@code GET http://ADDRESS:PORT/path} (where the proxy reaches them) every interval, on a new connection each time. The
 * startup probe passes after {@code threshold} consecutive 2xx/3xx answers and fails when the startup deadline passes
 * first; a readiness or liveness probe then keeps running for the instance's life, reporting when
 * {@code failureThreshold} consecutive probes failed and when one passed again.
 */
final class HealthProber implements AutoCloseable {

    /** What a probing run reports, once: healthy or unhealthy (nothing when cancelled). */
    interface Outcome {
        void healthy();

        void unhealthy();

        /** A startup probe failed (and the deadline has not passed): the instance may listen elsewhere. */
        default void missed() {
        }

        /** The outcome that hands either verdict to {@code verdict}: true when healthy. */
        static Outcome of(Consumer<Boolean> verdict) {
            return of(verdict, () -> { });
        }

        /** The outcome that hands either verdict to {@code verdict} and each failed probe to {@code missed}. */
        static Outcome of(Consumer<Boolean> verdict, Runnable missed) {
            return new Outcome() {
                @Override
                public void healthy() {
                    verdict.accept(true);
                }

                @Override
                public void missed() {
                    missed.run();
                }

                @Override
                public void unhealthy() {
                    verdict.accept(false);
                }
            };
        }
    }

    /** A running probe loop. */
    static final class Probing {
        private volatile boolean cancelled;
        private volatile Thread thread;

        void cancel() {
            cancelled = true;
            Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
        }

        boolean cancelled() {
            return cancelled;
        }
    }

    /** What a running readiness or liveness probe reports: each change between passing and failing. */
    interface Watcher {
        /** {@code failureThreshold} consecutive probes failed (reported once per failing streak). */
        void failing();

        /** A probe passed after the probe was reported failing (or, when it did not start passing, the first pass). */
        void passing();
    }

    private final Clock clock;
    private HttpClient http;
    private boolean closed;

    HealthProber(Clock clock) {
        this.clock = clock;
    }

    /** Started on the first probe: a cold client start takes a second on a busy host, and adopted instances need none. */
    private synchronized HttpClient http() {
        if (closed) {
            throw new IllegalStateException("the health prober is closed");
        }
        if (http == null) {
            QueuedThreadPool threads = new QueuedThreadPool(16, 1);
            threads.setName("health-probes");
            threads.setDaemon(true);
            HttpClient client = new HttpClient();
            client.setExecutor(threads);
            client.setFollowRedirects(false);
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the health probe client: " + e.getMessage(), e);
            }
            http = client;
        }
        return http;
    }

    Probing start(Backend target, HealthSettings settings, ProbeHistory history, Outcome outcome) {
        Probing probing = new Probing();
        probing.thread = Thread.ofVirtual().name("probe-" + target.host() + ":" + target.port())
                .start(() -> loop(target, settings, history, outcome, probing));
        return probing;
    }

    /**
     * Keeps probing until cancelled. A probe that starts {@code passing} reports only failing streaks (and the passes
     * after them), its first probe one interval from now; one that does not starts at once and reports its first pass.
     */
    Probing watch(Backend target, RolloutPolicy.Probe probe, boolean passing, ProbeHistory history, Watcher watcher) {
        Probing probing = new Probing();
        probing.thread = Thread.ofVirtual().name("watch-" + target.host() + ":" + target.port() + probe.path())
                .start(() -> watchLoop(target, probe, passing, history, watcher, probing));
        return probing;
    }

    private void watchLoop(Backend target, RolloutPolicy.Probe probe, boolean passing, ProbeHistory history, Watcher watcher,
                           Probing probing) {
        int failures = passing ? 0 : probe.failureThreshold();
        boolean wait = passing;
        while (!probing.cancelled()) {
            try {
                if (wait) {
                    Thread.sleep(probe.interval());
                }
                wait = true;
            } catch (InterruptedException e) {
                return; // cancelled
            }
            ProbeView result = probe(target, probe.path(), probe.timeout());
            if (probing.cancelled()) {
                return;
            }
            history.add(result);
            if (result.passed()) {
                if (failures >= probe.failureThreshold()) {
                    watcher.passing();
                }
                failures = 0;
            } else if (++failures == probe.failureThreshold()) {
                watcher.failing();
            }
        }
    }

    private void loop(Backend target, HealthSettings settings, ProbeHistory history, Outcome outcome,
                      Probing probing) {
        long deadline = System.nanoTime() + settings.startupDeadline().toNanos();
        int streak = 0;
        while (!probing.cancelled()) {
            ProbeView probe = probe(target, settings.path(), settings.timeout());
            if (probing.cancelled()) {
                return;
            }
            history.add(probe);
            streak = probe.passed() ? streak + 1 : 0;
            if (streak >= settings.threshold()) {
                outcome.healthy();
                return;
            }
            if (System.nanoTime() >= deadline) {
                outcome.unhealthy();
                return;
            }
            if (!probe.passed()) {
                outcome.missed();
            }
            try {
                Thread.sleep(settings.interval());
            } catch (InterruptedException e) {
                return; // cancelled
            }
        }
    }

    ProbeView probe(Backend target, String path, Duration timeout) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        try {
            ContentResponse response = http().newRequest(URI.create("http://" + target.host() + ":" + target.port() + path))
                    .headers(headers -> headers.put(HttpHeader.CONNECTION, "close"))
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .send();
            return ProbeView.answered(at, response.getStatus(), millisSince(started));
        } catch (TimeoutException e) {
            return ProbeView.failed(at, "no answer within " + timeout.toMillis() + " ms", millisSince(started));
        } catch (ExecutionException e) {
            return ProbeView.failed(at, describe(e.getCause()), millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeView.failed(at, "probe interrupted", millisSince(started));
        } catch (IllegalStateException e) {
            return ProbeView.failed(at, e.getMessage(), millisSince(started)); // closed with the agent
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (http == null) {
            return;
        }
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the health probe client: " + e.getMessage(), e);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
