package dev.hivemind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.engine.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentIdsTest {

    @Test
    void idsStartWithTheUtcTimeToTheMillisecond() {
        DeploymentIds ids = new DeploymentIds(new ManualClock(Instant.parse("2026-11-22T03:35:12.123Z")));

        String id = ids.next();

        assertThat(id).matches("20261122-033512-123-000[0-9a-hjkmnp-tv-z]{8}");
        assertThat(DeploymentIds.isValid(id)).isTrue();
    }

    @Test
    void idsKeepSortingWhenTheClockStepsBack() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T03:35:12.123Z"));
        DeploymentIds ids = new DeploymentIds(clock);
        String first = ids.next();
        clock.advance(Duration.ofSeconds(-30));

        String second = ids.next();

        assertThat(second).startsWith("20261122-033512-123-001").isGreaterThan(first);
    }

    @Test
    void onlySafeCharactersMakeAValidId() {
        assertThat(DeploymentIds.isValid("20261122-033512-123-000abc")).isTrue();
        assertThat(DeploymentIds.isValid("../x")).isFalse();
        assertThat(DeploymentIds.isValid("-x")).isFalse();
        assertThat(DeploymentIds.isValid("A1")).isFalse();
        assertThat(DeploymentIds.isValid("")).isFalse();
        assertThat(DeploymentIds.isValid(null)).isFalse();
    }
}
