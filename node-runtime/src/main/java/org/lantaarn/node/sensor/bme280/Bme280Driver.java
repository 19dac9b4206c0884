package org.lantaarn.node.sensor.bme280;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.uplink.Backoff;

/**
 * Polls a {@link Bme280} every {@code interval} on the runtime's scheduler: trigger, then read
 * {@link Bme280#MEASUREMENT_MILLIS} later, so the scheduler never waits for the chip. A failed read or a value
 * outside the chip's operating range (−40..85 °C, 300..1100 hPa, 0..100 %RH) is a fault; after a failed
 * read the next attempt waits a backoff (1 s doubling to 60 s, with jitter) instead of the interval.
 * Thread-safe: all chip access runs on the scheduler, under this object's lock.
 */
final class Bme280Driver implements SensorDriver {
    /** Means, minima and maxima of the three measurements: environment; the sample count: technical. */
    static final Map<String, org.lantaarn.node.sensor.Disclosure> DISCLOSURES =
            org.lantaarn.node.sensor.Disclosures.numericEnvironment(java.util.List.of("temperature", "humidity", "pressure"));

    static final SensorDescriptor DESCRIPTOR_1HZ = descriptor(Duration.ofSeconds(1));

    private final Bme280 chip;
    private final DriverContext context;
    private final Duration interval;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random());
    private SampleSink sink;
    private ScheduledFuture<?> next;
    private boolean closed;

    Bme280Driver(Bme280 chip, DriverContext context, Duration interval) {
        this.chip = chip;
        this.context = context;
        this.interval = interval;
    }

    static SensorDescriptor descriptor(Duration interval) {
        Map<String, String> units = new LinkedHashMap<>();
        units.put("temperature", "Cel");
        units.put("humidity", "%RH");
        units.put("pressure", "Pa");
        return new SensorDescriptor(SensorDescriptor.Aggregation.NUMERIC, units, 1000.0 / Math.max(1, interval.toMillis()),
                "air temperature, relative humidity and air pressure", false, DISCLOSURES);
    }

    @Override
    public SensorDescriptor descriptor() {
        return descriptor(interval);
    }

    @Override
    public synchronized void start(SampleSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("driver already started");
        }
        this.sink = sink;
        schedule(this::trigger, 0);
    }

    private synchronized void schedule(Runnable step, long delayMillis) {
        if (!closed) {
            next = context.scheduler().schedule(step, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void trigger() {
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                chip.trigger();
            } catch (IOException | RuntimeException e) {
                failed("I2C write failed: " + e.getMessage());
                return;
            }
        }
        schedule(this::read, Bme280.MEASUREMENT_MILLIS);
    }

    private void read() {
        long delay;
        synchronized (this) {
            if (closed) {
                return;
            }
            Calibration.Reading r;
            try {
                r = chip.read();
            } catch (IOException | RuntimeException e) {
                failed("read failed: " + e.getMessage());
                return;
            }
            if (!plausible(r)) {
                sink.fault(context.clock().instant(), "implausible reading: " + r);
            } else {
                Map<String, Double> values = new LinkedHashMap<>();
                values.put("temperature", r.temperature());
                values.put("humidity", r.humidity());
                values.put("pressure", r.pressure());
                sink.sample(context.clock().instant(), values);
            }
            backoff.reset();
            delay = Math.max(0, interval.toMillis() - Bme280.MEASUREMENT_MILLIS);
        }
        schedule(this::trigger, delay);
    }

    /** Within the BME280's operating range (datasheet table 1). */
    static boolean plausible(Calibration.Reading r) {
        return r.temperature() >= -40 && r.temperature() <= 85
                && r.pressure() >= 30_000 && r.pressure() <= 110_000
                && r.humidity() >= 0 && r.humidity() <= 100;
    }

    private void failed(String reason) {
        sink.fault(context.clock().instant(), reason);
        long delay = Math.max(interval.toMillis(), backoff.next().toMillis());
        schedule(this::trigger, delay);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
        chip.close();
    }
}
