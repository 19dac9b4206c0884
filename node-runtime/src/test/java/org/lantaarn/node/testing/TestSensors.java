package org.lantaarn.node.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.Disclosure;
import org.lantaarn.node.sensor.Disclosures;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SuppressionGroup;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDescriptor.Aggregation;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;

/** Small driver providers for tests: a polled numeric sensor, an event counter, an absent sensor and one that breaks. */
public final class TestSensors {
    private TestSensors() {}

    public static final SensorDescriptor CLIMATE = new SensorDescriptor(Aggregation.NUMERIC,
            Map.of("temperature", "Cel", "humidity", "%RH"), 1.0, "air temperature and humidity", false,
            Disclosures.numericEnvironment(java.util.List.of("temperature", "humidity")));

    /** Passes count people: one suppression group counted by itself. */
    public static final Map<String, Disclosure> PASSES = Disclosures.check(Map.of(
            "passes", Disclosure.person(new SuppressionGroup("passers", "passes"), 1)));

    public static final SensorDescriptor MOTION = new SensorDescriptor(Aggregation.COUNTER,
            Map.of("passes", "count"), 0.0, "people passing the lamppost", true, PASSES);

    /** Polls every {@code period} on the context's scheduler: temperature 20 + n/10 and humidity 50. */
    public static SensorDriverProvider climate(Duration period) {
        return new Provider("test-climate", "test", true, (stream, ctx) -> new PolledDriver(CLIMATE, ctx, period,
                (sink, n) -> sink.sample(ctx.clock().instant(), Map.of("temperature", 20 + n / 10.0, "humidity", 50.0))));
    }

    /** Every {@code period}, {@code perTick} passes. */
    public static SensorDriverProvider motion(Duration period, long perTick) {
        return new Provider("test-motion", "test", true, (stream, ctx) -> new PolledDriver(MOTION, ctx, period,
                (sink, n) -> sink.event(ctx.clock().instant(), "passes", perTick)));
    }

    /**
     * A climate driver that publishes humidity without declaring it (only temperature and the sample count are
     * declared): the humidity values must be dropped and counted as faults.
     */
    public static SensorDriverProvider undeclaredHumidity(Duration period) {
        Map<String, Disclosure> onlyTemperature = new java.util.LinkedHashMap<>(CLIMATE.disclosures());
        onlyTemperature.keySet().removeIf(n -> n.startsWith("humidity"));
        SensorDescriptor d = new SensorDescriptor(Aggregation.NUMERIC, CLIMATE.units(), 1.0, "air temperature", false, onlyTemperature);
        return new Provider("test-climate", "test", true, (stream, ctx) -> new PolledDriver(d, ctx, period,
                (sink, n) -> sink.sample(ctx.clock().instant(), Map.of("temperature", 20.0, "humidity", 50.0))));
    }

    /** A provider whose sensor is not there. */
    public static SensorDriverProvider absent(String sensor) {
        return new Provider(sensor, "test", true, (stream, ctx) -> {
            throw new SensorException("no chip answers at I2C address 0x76");
        });
    }

    /** A climate driver that throws on every poll after the first {@code good} ones. */
    public static SensorDriverProvider breaking(String sensor, Duration period, int good) {
        return new Provider(sensor, "test", true, (stream, ctx) -> new PolledDriver(CLIMATE, ctx, period, (sink, n) -> {
            if (n >= good) {
                throw new IllegalStateException("driver bug on poll " + n);
            }
            sink.sample(ctx.clock().instant(), Map.of("temperature", 21.0, "humidity", 40.0));
        }));
    }

    /** Opens a driver. */
    @FunctionalInterface
    public interface Opener {
        SensorDriver open(StreamConfig stream, DriverContext ctx) throws SensorException;
    }

    /** One poll: deliver into the sink; {@code n} counts polls from 0. */
    @FunctionalInterface
    public interface Poll {
        void poll(SampleSink sink, long n);
    }

    record Provider(String sensor, String driver, boolean isDefaultForSensor, Opener opener) implements SensorDriverProvider {
        @Override
        public Map<String, Disclosure> disclosures() {
            return sensor.contains("motion") ? PASSES : CLIMATE.disclosures();
        }

        @Override
        public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
            return opener.open(stream, context);
        }
    }

    static final class PolledDriver implements SensorDriver {
        private final SensorDescriptor descriptor;
        private final DriverContext ctx;
        private final Duration period;
        private final Poll poll;
        private final AtomicLong n = new AtomicLong();
        private ScheduledFuture<?> task;

        PolledDriver(SensorDescriptor descriptor, DriverContext ctx, Duration period, Poll poll) {
            this.descriptor = descriptor;
            this.ctx = ctx;
            this.period = period;
            this.poll = poll;
        }

        @Override
        public SensorDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public synchronized void start(SampleSink sink) {
            long ms = period.toMillis();
            task = ctx.scheduler().scheduleAtFixedRate(() -> poll.poll(sink, n.getAndIncrement()), ms, ms, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void close() {
            if (task != null) {
                task.cancel(false);
            }
        }
    }
}
