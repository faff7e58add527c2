package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.ReleaseState;
import dev.hivemind.runtime.client.ReleaseView;
import dev.hivemind.runtime.proxy.Backend;
import dev.hivemind.runtime.supervisor.Instance;
import dev.hivemind.runtime.supervisor.Supervisor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One release of an app as the agent holds it: how it starts (with its wanted number of replicas) and its instances,
 * oldest first. Guarded by the {@link AppRegistry}'s lock.
 */
final class ManagedRelease {
    private ReleaseLaunch launch;
    private final List<Instance> instances = new ArrayList<>();

    ManagedRelease(ReleaseLaunch launch) {
        this.launch = launch;
    }

    String releaseId() {
        return launch.releaseId();
    }

    ReleaseLaunch launch() {
        return launch;
    }

    /** Records a new wanted number of replicas (what a restarted agent brings back). */
    void replicas(int count) {
        launch = launch.withReplicas(count);
    }

    /** Takes new launch settings (a release started again); its old instances must be gone already. */
    void relaunch(ReleaseLaunch next) {
        launch = next;
        instances.clear();
    }

    List<Instance> instances() {
        return List.copyOf(instances);
    }

    /** Adds a new instance; stopped ones (of an earlier run of the release) are no longer shown. */
    void add(Instance instance) {
        instances.removeIf(Instance::stopped);
        instances.add(instance);
    }

    /**
     * Starts {@code count} more replicas with the supervisor; on a failure the ones this call started are taken out
     * again, retired and handed to {@code discard} to be stopped, and the failure is thrown.
     */
    void addReplicas(String app, int count, Supervisor supervisor, Consumer<Instance> onChange,
                     Consumer<List<Instance>> discard) {
        List<Instance> started = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Instance instance = supervisor.start(app, launch, freeReplicaNumber(), onChange);
                add(instance);
                started.add(instance);
            }
        } catch (RuntimeException e) {
            started.forEach(this::remove);
            started.forEach(Instance::retire);
            discard.accept(started);
            throw e;
        }
    }

    void remove(Instance instance) {
        instances.remove(instance);
    }

    boolean contains(Instance instance) {
        return instances.contains(instance);
    }

    /** The instances not stopped (starting, healthy, crashed and waiting for their restart). */
    List<Instance> live() {
        return instances.stream().filter(Instance::running).toList();
    }

    boolean running() {
        return !live().isEmpty();
    }

    boolean stopped() {
        return instances.stream().allMatch(Instance::stopped);
    }

    /** What the proxy may send this release's requests to. */
    List<Backend> readyBackends() {
        return instances.stream().filter(Instance::ready).map(Instance::backend).toList();
    }

    boolean hasReady() {
        return instances.stream().anyMatch(Instance::ready);
    }

    /** The lowest replica number no live instance has. */
    int freeReplicaNumber() {
        int number = 1;
        while (hasReplica(number)) {
            number++;
        }
        return number;
    }

    private boolean hasReplica(int number) {
        return live().stream().anyMatch(instance -> instance.replica() == number);
    }

    /** The newest live instances beyond {@code keep}, newest first: what scaling down takes away. */
    List<Instance> surplus(int keep) {
        List<Instance> live = new ArrayList<>(live());
        List<Instance> surplus = new ArrayList<>();
        while (live.size() > keep) {
            surplus.add(live.removeLast());
        }
        return surplus;
    }

    /** Takes the newest instances beyond {@code keep} out of the release, retired; returns them to drain and stop. */
    List<Instance> shrinkTo(int keep) {
        List<Instance> leaving = surplus(keep);
        leaving.forEach(this::remove);
        leaving.forEach(Instance::retire);
        return leaving;
    }

    List<DesiredState.RecordedInstance> recorded() {
        return instances.stream().map(Instance::recorded).flatMap(Optional::stream).toList();
    }

    ReleaseView view(int weight) {
        List<InstanceView> views = instances.stream().map(Instance::view).toList();
        return new ReleaseView(releaseId(), ReleaseState.of(launch.policy().replicas(), views), weight, views,
                launch.policy().replicas(), Optional.of(launch.directory()));
    }
}
