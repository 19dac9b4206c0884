package org.lantaarn.sim.sensor;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;

/**
 * A virtual sensor read at a fixed interval on the runtime's scheduler. Subclasses say what one
 * reading is; a reading may instead be a fault with probability {@code faultRate}.
 */
abstract class SimulatedPolledDriver implements SensorDriver {
    private final DriverContext context;
    private final Duration interval;
    private final double faultRate;
    protected final Random random;
    private ScheduledFuture<?> task;

    SimulatedPolledDriver(DriverContext context, Duration interval, double faultRate, long seed) {
        this.context = context;
        this.interval = interval;
        this.faultRate = faultRate;
        this.random = new Random(seed);
    }

    /** One reading at {@code at}: value name → value, or events delivered to the sink directly. */
    protected abstract void read(Instant at, SampleSink sink);

    @Override
    public final synchronized void start(SampleSink sink) {
        if (task != null) {
            throw new IllegalStateException("driver already started");
        }
        long periodMillis = Math.max(1, interval.toMillis());
        task = context.scheduler().scheduleAtFixedRate(() -> tick(sink), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void tick(SampleSink sink) {
        Instant at = context.clock().instant();
        if (faultRate > 0 && random.nextDouble() < faultRate) {
            sink.fault(at, "simulated read error");
            return;
        }
        read(at, sink);
    }

    protected static Map<String, Double> values(Object... nameValue) {
        java.util.LinkedHashMap<String, Double> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        }
        return m;
    }

    /** Expected readings per second, for the window's coverage. */
    protected double samplesPerSecond() {
        return 1000.0 / Math.max(1, interval.toMillis());
    }

    @Override
    public final synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }

    static SensorDescriptor numeric(Map<String, String> units, double samplesPerSecond, String measures) {
        return new SensorDescriptor(SensorDescriptor.Aggregation.NUMERIC, units, samplesPerSecond, measures, false,
                org.lantaarn.node.sensor.Disclosures.numericEnvironment(units.keySet()));
    }
}
