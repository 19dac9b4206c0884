package org.lantaarn.node.sensor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The time inside a recording that a driver replays as fast as it can read it: it starts at a given instant and
 * moves only when the driver says how much of the recording it has read. A stream whose driver has one
 * ({@link SensorDriver#recordingClock()}) windows by it, and its windows close as the recording's time passes
 * their ends, on the driver's thread. Thread-safe.
 */
public final class RecordingClock extends Clock {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Instant now;

    public RecordingClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Moves the recording's time forward by {@code d}, then tells every listener. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a recording's time only moves forward: " + d);
        }
        synchronized (this) {
            now = now.plus(d);
        }
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** Runs {@code listener} after every {@link #advance}. */
    public void onAdvance(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a recording clock is UTC");
    }
}
