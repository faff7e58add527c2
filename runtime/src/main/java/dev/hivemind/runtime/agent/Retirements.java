package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.supervisor.Instance;
import dev.hivemind.runtime.supervisor.Supervisor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The slow half of taking instances out of service, on the agent's background threads so that the registry's lock
 * (and every API answer) stays quick: draining the requests in flight, up to the drain timeout, then stopping the
 * processes. A release that lost its traffic to a switch is asked about again after its drain, since a switch back
 * may have given it traffic meanwhile.
 */
final class Retirements implements AutoCloseable {

    /** What the registry answers, under its lock, while a release that lost its traffic is retired. */
    interface Registry {
        /** The release's live instances, when the app still has the release and gives it no traffic. */
        Optional<List<Instance>> unwanted(String app, String releaseId);

        /** Of the drained instances, the ones to stop now, retired; empty when the release got traffic again. */
        Optional<List<Instance>> retireDrained(String app, String releaseId, List<Instance> drained);

        /** The release's drained instances are stopped. */
        void stopped(String app);
    }

    private final Supervisor supervisor;
    private final Registry registry;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    Retirements(Supervisor supervisor, Registry registry) {
        this.supervisor = supervisor;
        this.registry = registry;
    }

    /** Stops instances that serve nothing (already retired), gracefully. */
    void stop(List<Instance> instances) {
        background.execute(() -> supervisor.stopAll(instances, false));
    }

    /** Drains instances that left rotation (already retired), then stops them. */
    void drainAndStop(List<Instance> leaving, Duration drainTimeout) {
        background.execute(() -> {
            Draining.drain(leaving, drainTimeout);
            if (!Thread.currentThread().isInterrupted()) {
                supervisor.stopAll(leaving, false);
            }
        });
    }

    /** Drains the release's instances after a switch away from it, then stops them unless it got traffic again. */
    void afterSwitch(String app, String releaseId, Duration drainTimeout) {
        background.execute(() -> retire(app, releaseId, drainTimeout));
    }

    private void retire(String app, String releaseId, Duration drainTimeout) {
        Optional<List<Instance>> unwanted = registry.unwanted(app, releaseId);
        if (unwanted.isEmpty()) {
            return;
        }
        Draining.drain(unwanted.get(), drainTimeout);
        if (Thread.currentThread().isInterrupted()) {
            return; // the agent is shutting down and stops every instance itself
        }
        Optional<List<Instance>> stopping = registry.retireDrained(app, releaseId, unwanted.get());
        if (stopping.isEmpty()) {
            return; // removed, or switched back meanwhile
        }
        supervisor.stopAll(stopping.get(), false);
        registry.stopped(app);
    }

    /** Abandons what is still draining or stopping: the agent is closing and stops every instance itself. */
    @Override
    public void close() {
        background.shutdownNow();
    }
}
