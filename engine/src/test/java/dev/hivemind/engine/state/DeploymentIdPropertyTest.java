package dev.hivemind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.engine.ManualClock;
import dev.hivemind.engine.StateArbitraries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class DeploymentIdPropertyTest {
    private static final String SHAPE = "\\d{8}-\\d{6}-\\d{3}-[0-9a-hjkmnp-tv-z]{11}";

    // Feature: autodeploy-agent, Property 2: deployment ID uniqueness
    @Property(tries = 100)
    void idsFromOneGeneratorAreUniqueSafeAndSortByCreation(@ForAll("instants") Instant start,
                                                           @ForAll("steps") List<Long> stepsMillis) {
        ManualClock clock = new ManualClock(start);
        DeploymentIds ids = new DeploymentIds(clock);
        List<String> made = new ArrayList<>();
        for (long step : stepsMillis) {
            made.add(ids.next());
            clock.advance(Duration.ofMillis(step));
        }

        assertThat(made).doesNotHaveDuplicates().allMatch(id -> id.matches(SHAPE)).allMatch(DeploymentIds::isValid);
        assertThat(made).isSortedAccordingTo(String::compareTo);
    }

    // Feature: autodeploy-agent, Property 2: deployment ID uniqueness
    @Property(tries = 100)
    void idsMadeConcurrentlyInOneMillisecondAreUnique(@ForAll @IntRange(min = 2, max = 8) int threads,
                                                      @ForAll @IntRange(min = 1, max = 200) int each,
                                                      @ForAll("instants") Instant frozen) throws Exception {
        DeploymentIds ids = new DeploymentIds(new ManualClock(frozen));
        Collection<String> made = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < each; i++) {
                    made.add(ids.next());
                }
            }));
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(made).hasSize(threads * each).doesNotHaveDuplicates().allMatch(id -> id.matches(SHAPE));
    }

    // Feature: autodeploy-agent, Property 2: deployment ID uniqueness
    @Property(tries = 100)
    void idsFromSeparateProcessesInTheSameMillisecondAreUnique(
            @ForAll @IntRange(min = 2, max = 50) int processes, @ForAll @IntRange(min = 1, max = 20) int each,
            @ForAll("instants") Instant frozen) {
        // each process has its own generator, sequence and random source, and they all read the same millisecond
        Set<String> made = new HashSet<>();
        List<String> later = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            DeploymentIds process = new DeploymentIds(new ManualClock(frozen));
            for (int i = 0; i < each; i++) {
                assertThat(made.add(process.next())).isTrue();
            }
            later.add(new DeploymentIds(new ManualClock(frozen.plusMillis(1))).next());
        }

        String newestEarly = made.stream().max(String::compareTo).orElseThrow();
        assertThat(later).allMatch(id -> id.compareTo(newestEarly) > 0);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return StateArbitraries.instants();
    }

    @Provide
    Arbitrary<List<Long>> steps() {
        return Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(1, 5),
                        Arbitraries.longs().between(-5_000, -1), Arbitraries.longs().between(1_000, 86_400_000))
                .list().ofMinSize(1).ofMaxSize(300);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
