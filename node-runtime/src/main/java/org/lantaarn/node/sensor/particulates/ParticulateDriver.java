package org.lantaarn.node.sensor.particulates;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lantaarn.node.sensor.DeviceReader;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;

/**
 * Reads a particulate sensor's frames from a {@link ByteSource} on a thread of its own ({@link DeviceReader}):
 * the device is opened there too, with a timeout, so a serial bridge or named pipe that never opens leaves the
 * stream {@code sensor-absent: open timed out after Ns} while the node's other streams go on. Each valid frame
 * becomes a sample, each rejected frame or implausible value a fault, and each all-zero warm-up frame a
 * {@value ParticulateSummary#WARM_UP_FRAMES} event, never a reading. When the source fails, ends, or sends
 * nothing for {@link #READ_TIMEOUT} (the sensors report about once a second), a fault is reported and the source
 * is reopened after a backoff (1 s doubling to 60 s, with jitter). Thread-safe.
 */
final class ParticulateDriver implements SensorDriver {
    /** Both sensors report at most 999.9 / 1000 µg/m³; more is a corrupted frame that passed its checksum. */
    static final double MAX_PLAUSIBLE = 1000.0;
    /** No byte for this long: the sensor is asleep, unplugged, or the bridge is stuck. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final String model;
    private final ByteSource source;
    private final Function<Consumer<PmReading>, FrameParser> parsers;
    private final DriverContext context;
    private final Duration openTimeout;
    private SampleSink sink;
    private DeviceReader reader;
    private boolean closed;

    ParticulateDriver(String model, ByteSource source, Function<Consumer<PmReading>, FrameParser> parsers, DriverContext context) {
        this(model, source, parsers, context, DeviceReader.DEFAULT_OPEN_TIMEOUT);
    }

    ParticulateDriver(String model, ByteSource source, Function<Consumer<PmReading>, FrameParser> parsers, DriverContext context,
                      Duration openTimeout) {
        this.model = model;
        this.source = source;
        this.parsers = parsers;
        this.context = context;
        this.openTimeout = openTimeout;
    }

    @Override
    public SensorDescriptor descriptor() {
        return SensorDescriptor.summarized(ParticulateSummary.units(), 1.0,
                "fine dust (PM2.5 and PM10 mass concentration) with a " + model, false, DISCLOSURES, () -> new ParticulateSummary(1.0));
    }

    /** Particulate concentrations: environment; the sample count and the warm-up frames skipped: technical. */
    static final java.util.Map<String, org.lantaarn.node.sensor.Disclosure> DISCLOSURES = disclosures();

    private static java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
        java.util.Map<String, org.lantaarn.node.sensor.Disclosure> m =
                new LinkedHashMap<>(org.lantaarn.node.sensor.Disclosures.environment(ParticulateSummary.units().keySet()));
        m.put(ParticulateSummary.WARM_UP_FRAMES, org.lantaarn.node.sensor.Disclosure.technical());
        return org.lantaarn.node.sensor.Disclosures.check(m);
    }

    @Override
    public synchronized void start(SampleSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("driver already started");
        }
        this.sink = sink;
        if (closed) {
            return;
        }
        reader = DeviceReader.builder("lantaarn-" + model.toLowerCase(java.util.Locale.ROOT) + "-" + context.node(), source.describe(),
                        () -> session(source.open()), sink, context)
                .path(source.path()).openTimeout(openTimeout).readTimeout(READ_TIMEOUT).build();
        reader.start();
    }

    private DeviceReader.Session session(InputStream stream) {
        return new DeviceReader.Session() {
            @Override
            public void read() throws IOException {
                ParticulateDriver.this.read(stream);
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    private void read(InputStream stream) throws IOException {
        FrameParser parser = parsers.apply(this::reading);
        long rejected = 0;
        long warmUp = 0;
        byte[] buf = new byte[64];
        while (true) {
            int n = stream.read(buf);
            if (n < 0) {
                return;
            }
            reader.progress();
            parser.accept(buf, 0, n);
            if (parser.rejected() > rejected) {
                for (long i = rejected; i < parser.rejected(); i++) {
                    sink.fault(context.clock().instant(), model + " frame with a bad checksum");
                }
                rejected = parser.rejected();
            }
            if (parser.warmUp() > warmUp) {
                sink.event(context.clock().instant(), ParticulateSummary.WARM_UP_FRAMES, parser.warmUp() - warmUp);
                warmUp = parser.warmUp();
            }
        }
    }

    private void reading(PmReading r) {
        if (!(r.pm2_5() >= 0 && r.pm2_5() <= MAX_PLAUSIBLE && r.pm10() >= 0 && r.pm10() <= MAX_PLAUSIBLE)) {
            sink.fault(context.clock().instant(), "implausible " + model + " reading: " + r);
            return;
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("pm2_5", r.pm2_5());
        v.put("pm10", r.pm10());
        sink.sample(context.clock().instant(), v);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (reader != null) {
            reader.close();
        }
    }
}
