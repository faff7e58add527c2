package dev.hivemind.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.build.cache.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.junit.jupiter.api.Test;

class CloneProgressTest {
    private final List<String> lines = new ArrayList<>();
    private final MutableClock clock = new MutableClock();
    private final CloneProgress progress = new CloneProgress(lines::add, clock, Duration.ofMillis(500));

    @Test
    void reportsPercentAndCounts() {
        progress.beginTask("Receiving objects", 200);

        progress.update(90);

        assertThat(lines).containsExactly("Receiving objects: 45% (90/200)");
    }

    @Test
    void throttlesUpdatesToOneLinePerInterval() {
        progress.beginTask("Receiving objects", 1000);
        for (int i = 0; i < 100; i++) {
            progress.update(1);
            clock.advance(Duration.ofMillis(10));
        }

        assertThat(lines).containsExactly("Receiving objects: 0% (1/1000)", "Receiving objects: 5% (51/1000)");
    }

    @Test
    void doesNotRepeatALineThatDidNotChange() {
        progress.beginTask("Resolving deltas", 10);
        progress.update(5);
        clock.advance(Duration.ofSeconds(1));
        progress.update(0);

        assertThat(lines).containsExactly("Resolving deltas: 50% (5/10)");
    }

    @Test
    void endsEachTaskWithADoneLine() {
        progress.beginTask("Receiving objects", 200);
        progress.update(150);
        progress.update(50);
        progress.endTask();
        progress.beginTask("Resolving deltas", 4);
        progress.update(4);
        progress.endTask();

        assertThat(lines).containsExactly("Receiving objects: 75% (150/200)",
                "Receiving objects: 100% (200/200), done.", "Resolving deltas: 100% (4/4)",
                "Resolving deltas: 100% (4/4), done.");
    }

    @Test
    void countsWhenTheTotalIsUnknown() {
        progress.beginTask("Counting objects", ProgressMonitor.UNKNOWN);
        progress.update(90);
        progress.endTask();

        assertThat(lines).containsExactly("Counting objects: 90", "Counting objects: 90, done.");
    }

    @Test
    void isCancelledWhenTheThreadIsInterrupted() {
        assertThat(progress.isCancelled()).isFalse();

        Thread.currentThread().interrupt();
        try {
            assertThat(progress.isCancelled()).isTrue();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }
}
