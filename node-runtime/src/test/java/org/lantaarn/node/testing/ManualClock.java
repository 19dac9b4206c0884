package org.lantaarn.node.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test moves it. Thread-safe. */
public final class ManualClock extends Clock {
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    public static ManualClock at(String iso) {
        return new ManualClock(Instant.parse(iso));
    }

    @Override
    public Instant instant() {
        return now;
    }

    public synchronized void set(Instant t) {
        if (t.isBefore(now)) {
            throw new IllegalArgumentException("a manual clock does not go back: " + t + " < " + now);
        }
        now = t;
    }

    /** Steps the clock to any time, back as well as forward, as NTP or an operator may. */
    public synchronized void step(Instant t) {
        now = t;
    }

    public void advance(Duration d) {
        set(now.plus(d));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock stays in UTC");
    }
}
