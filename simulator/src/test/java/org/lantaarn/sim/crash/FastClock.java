package org.lantaarn.sim.crash;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock that runs {@code factor} times faster than real time, so a test can record a hundred 1 s windows
 * (the shortest a configuration allows) in ten seconds. Never steps.
 */
final class FastClock extends Clock {
    private final Instant origin = Instant.now();
    private final long originNanos = System.nanoTime();
    private final long factor;

    FastClock(long factor) {
        this.factor = factor;
    }

    @Override
    public Instant instant() {
        return origin.plusNanos((System.nanoTime() - originNanos) * factor);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
