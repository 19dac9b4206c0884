package org.lantaarn.node.clock;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Notices a step of the wall clock (NTP setting the time of a node that booted without it, an operator's
 * {@code date -s}): between two {@link #check()} calls the wall clock should move as much as the monotonic clock;
 * when they differ by more than the tolerance, the wall clock stepped by the difference. Not thread-safe: one stream's
 * window thread owns it.
 */
public final class ClockStepDetector {
    private final Clock wall;
    private final LongSupplier monotonicNanos;
    private final long toleranceMillis;
    private long lastWallMillis;
    private long lastMonoNanos;

    /**
     * @param wall           the wall clock windows are aligned on
     * @param monotonicNanos a clock that never steps ({@code System::nanoTime})
     * @param tolerance      differences up to this are drift or scheduling, not a step
     */
    public ClockStepDetector(Clock wall, LongSupplier monotonicNanos, Duration tolerance) {
        this.wall = Objects.requireNonNull(wall, "wall");
        this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
        this.toleranceMillis = tolerance.toMillis();
        this.lastWallMillis = wall.millis();
        this.lastMonoNanos = monotonicNanos.getAsLong();
    }

    /** The step since the previous check (positive: forward), or empty when the clock ran normally. */
    public Optional<Duration> check() {
        long w = wall.millis();
        long m = monotonicNanos.getAsLong();
        long step = (w - lastWallMillis) - (m - lastMonoNanos) / 1_000_000;
        lastWallMillis = w;
        lastMonoNanos = m;
        return Math.abs(step) > toleranceMillis ? Optional.of(Duration.ofMillis(step)) : Optional.empty();
    }
}
