package org.lantaarn.sim.sensor;

import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.lantaarn.node.sensor.gpio.EdgeInput;

/**
 * A tipping bucket's reed switch to ground (pulled up: high at rest): every 100 ms it tips with the chance that
 * the rain intensity ({@code mmPerHour} at an instant) fills {@code mmPerTip}, pulling the input low for 80 ms.
 * Callbacks run on the scheduler's threads, as a GPIO library's do on its own.
 */
final class VirtualBucket implements EdgeInput {
    private static final long TICK_MS = 100, PULSE_MS = 80;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ToDoubleFunction<Instant> mmPerHour;
    private final double mmPerTip;
    private final SplittableRandom random;
    private volatile boolean high = true;
    private volatile Consumer<Boolean> listener;
    private final ScheduledFuture<?> ticks;

    VirtualBucket(Clock clock, ScheduledExecutorService scheduler, ToDoubleFunction<Instant> mmPerHour, double mmPerTip, long seed) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.mmPerHour = mmPerHour;
        this.mmPerTip = mmPerTip;
        this.random = new SplittableRandom(seed);
        this.ticks = scheduler.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void tick() {
        double tipsPerTick = mmPerHour.applyAsDouble(clock.instant()) / 3600.0 / mmPerTip * TICK_MS / 1000.0;
        if (high && random.nextDouble() < tipsPerTick) {
            set(false);
            scheduler.schedule(() -> set(true), PULSE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void set(boolean level) {
        high = level;
        Consumer<Boolean> l = listener;
        if (l != null) {
            l.accept(level);
        }
    }

    @Override
    public boolean high() {
        return high;
    }

    @Override
    public void onChange(Consumer<Boolean> listener) {
        this.listener = listener;
    }

    @Override
    public void close() {
        ticks.cancel(false);
        listener = null;
    }
}
