package org.lantaarn.node.sensor.particulates;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.uplink.Backoff;

/**
 * Reads a particulate sensor's frames from a {@link ByteSource} on a virtual thread of its own (blocking
 * reads), turns each valid frame into a sample, each rejected frame or implausible value into a fault, and
 * counts all-zero warm-up frames as {@value ParticulateSummary#WARM_UP_FRAMES} events, never as readings.
 * When the source fails or ends, the thread stops, a fault is reported, and the source is reopened after a
 * backoff (1 s doubling to 60 s) scheduled on the runtime's scheduler. Thread-safe.
 */
final class ParticulateDriver implements SensorDriver {
    /** Both sensors report at most 999.9 / 1000 µg/m³; more is a corrupted frame that passed its checksum. */
    static final double MAX_PLAUSIBLE = 1000.0;

    private final String model;
    private final ByteSource source;
    private final Function<Consumer<PmReading>, FrameParser> parsers;
    private final DriverContext context;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random());
    private SampleSink sink;
    private Thread reader;
    private InputStream in;
    private volatile boolean closed;

    ParticulateDriver(String model, ByteSource source, Function<Consumer<PmReading>, FrameParser> parsers, DriverContext context) {
        this.model = model;
        this.source = source;
        this.parsers = parsers;
        this.context = context;
    }

    @Override
    public SensorDescriptor descriptor() {
        return SensorDescriptor.summarized(ParticulateSummary.units(), 1.0,
                "fine dust (PM2.5 and PM10 mass concentration) with a " + model, false, Set.of(), () -> new ParticulateSummary(1.0));
    }

    @Override
    public synchronized void start(SampleSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("driver already started");
        }
        this.sink = sink;
        connect();
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        try {
            in = source.open();
        } catch (IOException | RuntimeException e) {
            retry("cannot open " + source.describe() + ": " + e.getMessage());
            return;
        }
        InputStream stream = in;
        reader = Thread.ofVirtual().name("lantaarn-" + model + "-reader").start(() -> read(stream));
    }

    private void read(InputStream stream) {
        FrameParser parser = parsers.apply(this::reading);
        long rejected = 0;
        long warmUp = 0;
        byte[] buf = new byte[64];
        String end;
        try {
            while (!closed) {
                int n = stream.read(buf);
                if (n < 0) {
                    break;
                }
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
                if (parser.frames() > 0) {
                    synchronized (this) {
                        backoff.reset();
                    }
                }
            }
            end = source.describe() + " ended";
        } catch (IOException | RuntimeException e) {
            end = "read from " + source.describe() + " failed: " + e.getMessage();
        }
        closeQuietly(stream);
        if (!closed) {
            retry(end);
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

    private synchronized void retry(String reason) {
        if (closed) {
            return;
        }
        sink.fault(context.clock().instant(), reason);
        context.scheduler().schedule(this::connect, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void closeQuietly(InputStream s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (in != null) {
            closeQuietly(in);
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
