package dev.hivemind.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand; it may also be set backwards to test that logs stay chronological. */
public final class ManualClock extends Clock {
    private Instant now;
    private Duration tick = Duration.ZERO;

    public ManualClock(Instant start) {
        this.now = start;
    }

    /** Makes every reading advance the clock by {@code step} afterwards (which may be negative). */
    synchronized ManualClock ticking(Duration step) {
        this.tick = step;
        return this;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    synchronized void set(Instant instant) {
        now = instant;
    }

    @Override
    public synchronized Instant instant() {
        Instant reading = now;
        now = now.plus(tick);
        return reading;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
