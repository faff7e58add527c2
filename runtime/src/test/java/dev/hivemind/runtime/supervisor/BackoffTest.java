package dev.hivemind.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theDefaultsDoubleFromOneSecondUpToThirtySeconds() {
        Backoff backoff = Backoff.defaults();

        assertThat(IntStream.range(0, 8).mapToObj(backoff::delay).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aProcessThatRanAsLongAsTheCapStartsANewStreak() {
        Backoff backoff = Backoff.defaults();

        assertThat(backoff.resetsAfter(Duration.ofSeconds(30))).isTrue();
        assertThat(backoff.resetsAfter(Duration.ofSeconds(29))).isFalse();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.defaults().delay(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void eachDelayDoublesThePreviousUntilTheCap(@ForAll @LongRange(min = 1, max = 10_000) long initialMillis,
                                                @ForAll @LongRange(min = 1, max = 1_000) long capFactor,
                                                @ForAll @IntRange(min = 0, max = 200) int attempt) {
        Duration initial = Duration.ofMillis(initialMillis);
        Duration max = initial.multipliedBy(capFactor);
        Backoff backoff = new Backoff(initial, max);

        Duration delay = backoff.delay(attempt);
        Duration next = backoff.delay(attempt + 1);

        assertThat(delay).isBetween(initial, max);
        Duration doubled = delay.multipliedBy(2);
        assertThat(next).isEqualTo(doubled.compareTo(max) > 0 ? max : doubled);
    }
}
