package dev.hivemind.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An app as the agent holds it: its edge proxy, the launch settings of the releases it knows, the instances running
 * in this agent's life and the release its traffic goes to. Guarded by the {@link AppRegistry}'s lock.
 */
final class ManagedApp {
    private final String name;
    private final EdgeProxy proxy;
    private final Map<String, ReleaseLaunch> launches = new TreeMap<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private Optional<String> active = Optional.empty();

    ManagedApp(String name, EdgeProxy proxy) {
        this.name = name;
        this.proxy = proxy;
    }

    String name() {
        return name;
    }

    EdgeProxy proxy() {
        return proxy;
    }

    Optional<String> active() {
        return active;
    }

    boolean isActive(String releaseId) {
        return active.filter(releaseId::equals).isPresent();
    }

    void activate(String releaseId) {
        active = Optional.of(releaseId);
    }

    void deactivate() {
        active = Optional.empty();
    }

    Optional<Instance> instance(String releaseId) {
        return Optional.ofNullable(instances.get(releaseId));
    }

    List<Instance> instances() {
        return new ArrayList<>(instances.values());
    }

    Optional<ReleaseLaunch> launch(String releaseId) {
        return Optional.ofNullable(launches.get(releaseId));
    }

    boolean knows(String releaseId) {
        return launches.containsKey(releaseId) || instances.containsKey(releaseId);
    }

    void remember(ReleaseLaunch launch) {
        launches.put(launch.releaseId(), launch);
    }

    void add(Instance instance) {
        remember(instance.launch());
        instances.put(instance.releaseId(), instance);
    }

    /** Drops the running instance of the release but keeps its launch settings. */
    void detach(String releaseId) {
        instances.remove(releaseId);
    }

    /** Forgets the release entirely. */
    void forget(String releaseId) {
        instances.remove(releaseId);
        launches.remove(releaseId);
    }

    /** Forgets the oldest stopped instances (and their launch settings) beyond the newest {@code keep}. */
    void pruneStopped(int keep) {
        List<String> stopped = instances.values().stream().filter(Instance::stopped).map(Instance::releaseId)
                .filter(releaseId -> !isActive(releaseId)).toList();
        stopped.subList(0, Math.max(0, stopped.size() - keep)).forEach(this::forget);
    }

    AppView view() {
        List<InstanceView> releases = instances.values().stream().map(Instance::view).toList();
        return new AppView(name, proxy.port(), proxy.bindAddress(), active, releases);
    }

    DesiredState.DesiredApp desired() {
        Map<String, DesiredState.DesiredRelease> releases = new TreeMap<>();
        launches.forEach((id, launch) -> releases.put(id,
                DesiredState.DesiredRelease.of(launch, instance(id).flatMap(Instance::recorded))));
        return new DesiredState.DesiredApp(proxy.port(), proxy.bindAddress(), active, releases, proxy.tls());
    }
}
