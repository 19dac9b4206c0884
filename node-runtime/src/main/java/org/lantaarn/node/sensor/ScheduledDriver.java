package org.lantaarn.node.sensor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.lantaarn.config.Schedule;
import org.lantaarn.config.StreamConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver that exists only inside its stream's {@link Schedule}: when the schedule opens, it opens and
 * starts a fresh driver from the provider; when it closes, it closes that driver, so outside the schedule
 * the device is released and nothing is read. The descriptor comes from a driver opened once and closed
 * at once. Transitions run on the runtime's scheduler; thread-safe.
 */
public final class ScheduledDriver implements SensorDriver {
    /** How far ahead a transition is looked for; beyond it the schedule is checked again a day later. */
    private static final int HORIZON_DAYS = 8;
    private static final Logger log = LoggerFactory.getLogger(ScheduledDriver.class);

    private final SensorDriverProvider provider;
    private final StreamConfig stream;
    private final DriverContext context;
    private final Schedule schedule;
    private final SensorDescriptor descriptor;
    private SampleSink sink;
    private SensorDriver current;
    private ScheduledFuture<?> timer;
    private boolean closed;
    private long opened;

    private ScheduledDriver(SensorDriverProvider provider, StreamConfig stream, DriverContext context, Schedule schedule,
                            SensorDescriptor descriptor) {
        this.provider = provider;
        this.stream = stream;
        this.context = context;
        this.schedule = schedule;
        this.descriptor = descriptor;
    }

    /** Opens the provider's driver once for its descriptor (and to find out now whether the sensor is there), then closes it. */
    public static ScheduledDriver open(SensorDriverProvider provider, StreamConfig stream, DriverContext context, Schedule schedule)
            throws SensorException {
        Objects.requireNonNull(schedule, "schedule");
        SensorDriver probe = provider.open(stream, context);
        SensorDescriptor d;
        try {
            d = probe.descriptor();
        } finally {
            probe.close();
        }
        if (d == null) {
            throw new SensorException("driver " + provider.driver() + " gave no descriptor");
        }
        return new ScheduledDriver(provider, stream, context, schedule, d);
    }

    @Override
    public SensorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public synchronized void start(SampleSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("driver already started");
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        apply();
    }

    /** Whether a driver is open now (inside the schedule). */
    public synchronized boolean isCapturing() {
        return current != null;
    }

    /** How many times a driver was opened by the schedule. */
    public synchronized long timesOpened() {
        return opened;
    }

    private synchronized void apply() {
        if (closed) {
            return;
        }
        Instant now = context.clock().instant();
        boolean open = schedule.isOpen(now);
        if (open && current == null) {
            try {
                SensorDriver d = provider.open(stream, context);
                d.start(sink);
                current = d;
                opened++;
                log.info("node {} stream {}: schedule opens the sensor", context.node(), stream.id());
            } catch (SensorException | RuntimeException e) {
                sink.fault(now, "sensor did not open at the start of its schedule: " + e.getMessage());
            }
        } else if (!open && current != null) {
            closeCurrent();
            log.info("node {} stream {}: schedule closes the sensor", context.node(), stream.id());
        }
        Optional<Instant> next = schedule.nextChange(now, HORIZON_DAYS);
        long delay = next.map(t -> t.toEpochMilli() - now.toEpochMilli()).orElse(86_400_000L);
        timer = context.scheduler().schedule(this::apply, Math.max(1, delay), TimeUnit.MILLISECONDS);
    }

    private void closeCurrent() {
        try {
            current.close();
        } catch (RuntimeException e) {
            log.warn("node {} stream {}: driver close failed: {}", context.node(), stream.id(), e.toString());
        }
        current = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (current != null) {
            closeCurrent();
        }
    }
}
