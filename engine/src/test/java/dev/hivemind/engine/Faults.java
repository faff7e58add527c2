package dev.hivemind.engine;

import dev.hivemind.api.state.StageName;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** Failures a test injects into the fakes, per stage: thrown the first {@code times} calls (or always). */
public final class Faults {
    private record Fault(Supplier<? extends RuntimeException> error, int times) { }

    private final Map<StageName, Fault> faults = new EnumMap<>(StageName.class);
    private final Map<StageName, Integer> calls = new EnumMap<>(StageName.class);

    public synchronized Faults always(StageName stage, Supplier<? extends RuntimeException> error) {
        return times(stage, Integer.MAX_VALUE, error);
    }

    synchronized Faults times(StageName stage, int times, Supplier<? extends RuntimeException> error) {
        faults.put(stage, new Fault(error, times));
        return this;
    }

    synchronized void clear() {
        faults.clear();
    }

    synchronized boolean has(StageName stage) {
        return faults.containsKey(stage);
    }

    /** Called by a fake on entry: counts the call and throws when a fault is due. */
    synchronized void raise(StageName stage) {
        int call = calls.merge(stage, 1, Integer::sum);
        Fault fault = faults.get(stage);
        if (fault != null && call <= fault.times()) {
            throw fault.error().get();
        }
    }

    public synchronized int calls(StageName stage) {
        return calls.getOrDefault(stage, 0);
    }
}
