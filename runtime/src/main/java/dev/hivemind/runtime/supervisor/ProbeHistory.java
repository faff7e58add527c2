package dev.hivemind.runtime.supervisor;

import dev.hivemind.runtime.client.ProbeView;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last few probes of an instance: the evidence shown when it does not become healthy. */
public final class ProbeHistory {
    public static final int KEPT = 10;

    private final Deque<ProbeView> probes = new ArrayDeque<>(KEPT);

    synchronized void add(ProbeView probe) {
        if (probes.size() == KEPT) {
            probes.removeFirst();
        }
        probes.addLast(probe);
    }

    synchronized List<ProbeView> snapshot() {
        return List.copyOf(probes);
    }
}
