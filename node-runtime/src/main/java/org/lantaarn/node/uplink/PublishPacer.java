package org.lantaarn.node.uplink;

import java.util.function.LongSupplier;

/**
 * Spaces publishes at most {@code perSecond} apart, allowing a burst of {@code burst} after a quiet spell: each
 * {@link #reserve()} takes the next free slot and says how long to wait for it. Not thread-safe: the uplink thread
 * owns it.
 */
public final class PublishPacer {
    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    private long next;
    private boolean started;

    public PublishPacer(double perSecond, int burst, LongSupplier nanoTime) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive number: " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        this.intervalNanos = Math.max(1, (long) (1_000_000_000L / perSecond));
        this.burstNanos = intervalNanos * (burst - 1);
        this.nanoTime = nanoTime;
    }

    /** Takes the next slot; returns the nanoseconds to wait before using it (0: go now). */
    public long reserve() {
        long now = nanoTime.getAsLong();
        if (!started || next - now < -burstNanos) {
            next = now - burstNanos;
            started = true;
        }
        long wait = Math.max(0, next - now);
        next += intervalNanos;
        return wait;
    }
}
