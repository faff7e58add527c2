package dev.hivemind.engine;

import dev.hivemind.engine.retry.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the waits asked for and moves the clock instead of sleeping. */
public final class RecordingSleeper implements Sleeper {
    private final ManualClock clock;
    private final List<Duration> delays = new ArrayList<>();

    RecordingSleeper(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        delays.add(duration);
        clock.advance(duration);
    }

    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }
}
