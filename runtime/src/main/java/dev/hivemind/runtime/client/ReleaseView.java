package dev.hivemind.runtime.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One release of an app as the agent runs it.
 *
 * @param releaseId the release
 * @param state     the summary of its instances
 * @param weight    its current weight in the proxy's route table (0: no traffic)
 * @param instances its instances, by replica number
 * @param replicas  how many instances it should have
 * @param directory the release directory its instances run in (empty from an agent older than this field)
 */
public record ReleaseView(String releaseId, ReleaseState state, int weight, List<InstanceView> instances,
                          int replicas, Optional<Path> directory) {

    public ReleaseView {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(state, "state");
        directory = directory == null ? Optional.empty() : directory;
        instances = List.copyOf(instances);
    }

    /** How many instances are in rotation. */
    public long readyCount() {
        return instances.stream().filter(InstanceView::ready).count();
    }

    /** The first instance (replica 1 when it runs): what a one-replica release is. */
    public Optional<InstanceView> first() {
        return instances.stream().findFirst();
    }

    /** The instances that restart too often. */
    public List<InstanceView> crashLooping() {
        return instances.stream().filter(InstanceView::crashLooping).toList();
    }
}
