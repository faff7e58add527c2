package dev.hivemind.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    final Backend stable = new Backend("r1", 41001);
    final Backend canaryA = new Backend("r2", 41002);
    final Backend canaryB = new Backend("r2", 41003);

    @Test
    void releasesGetTrafficInProportionToTheirWeights() {
        // given 90 % to stable, 10 % to the canary
        RouteTable table = RouteTable.of(List.of(new Route("r1", 90, List.of(stable)),
                new Route("r2", 10, List.of(canaryA))));

        // when 20 000 requests are routed
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(table.pick(Optional.empty()).orElseThrow().releaseId(), 1, Integer::sum);
        }

        // then the canary got about 10 % (binomial sd is about 0.2 %)
        assertThat(counts.get("r2") / 20_000.0).isBetween(0.08, 0.12);
        assertThat(table.split()).isTrue();
    }

    @Test
    void aReleaseSpreadsItsShareOverItsInstancesRoundRobin() {
        RouteTable table = RouteTable.of(List.of(new Route("r2", 100, List.of(canaryA, canaryB))));

        List<Integer> ports = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> table.pick(Optional.empty()).orElseThrow().port()).toList();

        assertThat(ports).containsExactly(41002, 41003, 41002, 41003);
        assertThat(table.split()).isFalse();
    }

    @Test
    void aStickyClientStaysOnItsReleaseWhileItHasWeight() {
        RouteTable table = RouteTable.of(List.of(new Route("r1", 95, List.of(stable)),
                new Route("r2", 5, List.of(canaryA))));

        for (int i = 0; i < 200; i++) {
            assertThat(table.pick(Optional.of("r2")).orElseThrow()).isSameAs(canaryA);
        }
    }

    @Test
    void aStickyCookieForAReleaseWithoutWeightOrUnknownIsIgnored() {
        RouteTable table = RouteTable.of(List.of(new Route("r1", 100, List.of(stable)),
                new Route("r2", 0, List.of(canaryA))));

        for (int i = 0; i < 200; i++) {
            assertThat(table.pick(Optional.of("r2")).orElseThrow()).isSameAs(stable);
            assertThat(table.pick(Optional.of("r9")).orElseThrow()).isSameAs(stable);
        }
        assertThat(table.split()).as("only one release has weight").isFalse();
    }

    @Test
    void nothingServesWithoutWeightOrBackends() {
        RouteTable table = RouteTable.of(List.of(new Route("r1", 0, List.of(stable)), new Route("r2", 50, List.of())));

        assertThat(table.pick(Optional.empty())).isEmpty();
        assertThat(table.pick(Optional.of("r2"))).isEmpty();
        assertThat(table.isEmpty()).isTrue();
        assertThat(RouteTable.EMPTY.pick(Optional.empty())).isEmpty();
    }

    @Test
    void aRequestThatFindsNoBackendIsOwedToAReleaseWithWeightWhenThereIsOne() {
        RouteTable crashLooping = RouteTable.of(List.of(new Route("r1", 0, List.of(stable)),
                new Route("r2", 50, List.of())));

        for (int i = 0; i < 50; i++) {
            assertThat(crashLooping.unserved()).contains("r2");
        }
        assertThat(RouteTable.of(List.of(new Route("r1", 0, List.of()))).unserved()).isEmpty();
        assertThat(RouteTable.EMPTY.unserved()).isEmpty();
    }
}
