package dev.hivemind.engine;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event of a run, in order. */
final class RecordingListener implements DeploymentListener {
    private final List<DeploymentEvent> events = new ArrayList<>();

    @Override
    public synchronized void on(DeploymentEvent event) {
        events.add(event);
    }

    synchronized List<DeploymentEvent> events() {
        return List.copyOf(events);
    }

    <T extends DeploymentEvent> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
