package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.proxy.Backend;
import dev.hivemind.runtime.proxy.EdgeProxy;
import dev.hivemind.runtime.supervisor.Instance;
import java.time.Duration;
import java.util.List;

/** Waiting for the requests in flight on instances that left the rotation, before they are stopped. */
final class Draining {
    private static final System.Logger LOG = System.getLogger(Draining.class.getName());

    private Draining() {
    }

    /** Waits until no request routed to the instances is in flight, or the timeout passes. */
    static void drain(List<Instance> instances, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Instance instance : instances) {
            Backend backend = instance.backend();
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!EdgeProxy.drain(backend, left) && !Thread.currentThread().isInterrupted()) {
                LOG.log(System.Logger.Level.WARNING, backend.inFlight() + " request(s) to " + backend
                        + " still in flight after " + timeout.toMillis() + " ms; stopping it anyway");
            }
        }
    }
}
