package org.lantaarn.node.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One tumbling window {@code [start, end)}. Windows of length W end on multiples of W since the epoch,
 * so a 60 s window ends on the minute and a 5 s window on :00, :05, :10, ...
 */
public record Window(Instant start, Instant end) {
    public Window {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end must be after start: " + start + " .. " + end);
        }
    }

    /** The window of length {@code length} that contains {@code t}. */
    public static Window containing(Instant t, Duration length) {
        long ms = lengthMillis(length);
        long startMs = Math.floorDiv(t.toEpochMilli(), ms) * ms;
        return new Window(Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(startMs + ms));
    }

    /** Checks that a window length is a positive whole number of milliseconds and returns it in milliseconds. */
    public static long lengthMillis(Duration length) {
        Objects.requireNonNull(length, "window length");
        if (length.isNegative() || length.isZero() || length.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("window length must be a positive whole number of milliseconds: " + length);
        }
        return length.toMillis();
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** The window right after this one, of the same length. */
    public Window next() {
        return new Window(end, end.plus(length()));
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
