package org.lantaarn.node.sensor.sound;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.uplink.Backoff;

/**
 * Reads audio on a virtual thread of its own, turns each second into LAeq,1s and LAFmax,1s and delivers
 * those two numbers; the audio itself goes no further than the meter's running sums. A level outside
 * 10..140 dB is implausible (a broken or clipping microphone) and a fault. A live source that fails is
 * reopened after a backoff; a file source ends when the file does. Thread-safe.
 */
final class SoundLevelDriver implements SensorDriver {
    static final double MIN_PLAUSIBLE = 10, MAX_PLAUSIBLE = 140;

    /** Opens the audio source (again, after a failure). */
    interface Opener {
        AudioSource open() throws IOException;
    }

    private final Opener opener;
    private final boolean live;
    private final double calibration;
    private final DriverContext context;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random());
    private SampleSink sink;
    private AudioSource source;
    private volatile boolean closed;

    SoundLevelDriver(AudioSource first, Opener opener, boolean live, double calibration, DriverContext context) {
        this.source = first;
        this.opener = opener;
        this.live = live;
        this.calibration = calibration;
        this.context = context;
    }

    @Override
    public SensorDescriptor descriptor() {
        List<String> flags = SampleRates.isClass1(source.sampleRate()) ? List.of() : List.of(SampleRates.OUTSIDE_CLASS_1);
        return SensorDescriptor.summarized(SoundSummary.units(), 1.0,
                "A-weighted sound level (LAeq, LAFmax, LA10, LA50, LA90); audio is never stored or sent", true, Set.of(),
                () -> new SoundSummary(flags));
    }

    @Override
    public synchronized void start(SampleSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("driver already started");
        }
        this.sink = sink;
        run(source);
    }

    private synchronized void run(AudioSource s) {
        if (closed) {
            s.close();
            return;
        }
        source = s;
        Thread.ofVirtual().name("lantaarn-sound-reader").start(() -> read(s));
    }

    private void read(AudioSource s) {
        SoundLevelMeter meter = new SoundLevelMeter(s.sampleRate(), calibration, this::second);
        double[] buf = new double[(int) (s.sampleRate() / 10)];
        String failure = null;
        try {
            while (!closed) {
                int n = s.read(buf);
                if (n < 0) {
                    break;
                }
                meter.accept(buf, n);
            }
        } catch (IOException | RuntimeException e) {
            failure = "audio from " + s.describe() + " failed: " + e.getMessage();
        }
        s.close();
        if (!closed && live) {
            retry(failure != null ? failure : "audio from " + s.describe() + " ended");
        } else if (!closed && failure != null) {
            sink.fault(context.clock().instant(), failure);
        }
    }

    private void second(SoundLevelMeter.Second s) {
        if (!(s.laeq() >= MIN_PLAUSIBLE && s.lafmax() <= MAX_PLAUSIBLE)) {
            sink.fault(context.clock().instant(), String.format("implausible sound level: LAeq %.1f dB, LAFmax %.1f dB", s.laeq(), s.lafmax()));
            return;
        }
        synchronized (this) {
            backoff.reset();
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("LAeq1s", s.laeq());
        v.put("LAFmax1s", s.lafmax());
        sink.sample(context.clock().instant(), v);
    }

    private synchronized void retry(String reason) {
        if (closed) {
            return;
        }
        sink.fault(context.clock().instant(), reason);
        context.scheduler().schedule(this::reopen, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reopen() {
        try {
            run(opener.open());
        } catch (IOException | RuntimeException e) {
            retry("cannot reopen the audio source: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
