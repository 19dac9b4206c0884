package org.lantaarn.node.sensor.sound;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.lantaarn.node.sensor.DeviceReader;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.RecordingClock;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and reads audio on a thread of its own ({@link DeviceReader}), turns each second into LAeq,1s and
 * LAFmax,1s and delivers those two numbers; the audio itself goes no further than the meter's running sums. A
 * level outside 10..140 dB is implausible (a broken microphone) and a fault; a second in which more than the
 * {@code clipping} share of samples sit at full scale puts the stream in the condition {@code clipping} until a
 * second without. A microphone or named pipe that fails or ends is reopened after a backoff; a file replayed
 * ends with the condition {@code source-ended}. A file in real time is paced by the node's clock (one second of
 * audio per second, on the scheduler, so a test's clock drives it); in fast replay it is read at once and
 * windowed by its own time ({@link #recordingClock()}). Thread-safe.
 */
final class SoundLevelDriver implements SensorDriver {
    static final double MIN_PLAUSIBLE = 10, MAX_PLAUSIBLE = 140;
    /** A sample at or beyond this magnitude sits at full scale (the largest 16-bit value is 32767/32768). */
    static final double FULL_SCALE = 32767.0 / 32768.0;

    private static final Logger log = LoggerFactory.getLogger(SoundLevelDriver.class);

    /** Opens the audio source (again, after a failure); called on the driver's thread. */
    interface Opener {
        AudioSource open() throws IOException;
    }

    /** Where the audio comes from. */
    enum Kind { LIVE, PIPE, REALTIME_REPLAY, FAST_REPLAY }

    /**
     * @param acceptOutsideClass1 measure audio sampled below 44.1 kHz, its windows flagged {@code outside-class-1},
     *                            instead of refusing it
     */
    record Options(String stream, double calibration, double clipping, Duration openTimeout, boolean acceptOutsideClass1) {}

    private final Opener opener;
    private final Kind kind;
    private final Path path;
    private final Options options;
    private final DriverContext context;
    private final RecordingClock recording;
    private SampleSink sink;
    private DeviceReader reader;
    private boolean closed;
    /** The source is sampled below class 1 and accepted so: windows say so. Set when a source opens. */
    private volatile boolean outsideClass1;
    // Reader thread only:
    private long clipped;
    private boolean clipping;

    SoundLevelDriver(Opener opener, Kind kind, Path path, Options options, DriverContext context) {
        this(opener, kind, path, options, context, false);
    }

    /** With {@code outsideClass1}: the source is already known to be sampled below class 1 (a file checked at open). */
    SoundLevelDriver(Opener opener, Kind kind, Path path, Options options, DriverContext context, boolean outsideClass1) {
        this.outsideClass1 = outsideClass1;
        this.opener = opener;
        this.kind = kind;
        this.path = path;
        this.options = options;
        this.context = context;
        this.recording = kind == Kind.FAST_REPLAY
                ? new RecordingClock(context.clock().instant().truncatedTo(ChronoUnit.MINUTES)) : null;
    }

    @Override
    public SensorDescriptor descriptor() {
        return SensorDescriptor.summarized(SoundSummary.units(), 1.0,
                "A-weighted sound level (LAeq, LAFmax, LA10, LA50, LA90); audio is never stored or sent", true, DISCLOSURES,
                () -> new SoundSummary(outsideClass1 ? List.of(SampleRates.OUTSIDE_CLASS_1) : List.of()));
    }

    /** Sound levels: environment (the levels of a window, never audio). */
    static final java.util.Map<String, org.lantaarn.node.sensor.Disclosure> DISCLOSURES =
            org.lantaarn.node.sensor.Disclosures.environment(SoundSummary.units().keySet());

    @Override
    public Optional<RecordingClock> recordingClock() {
        return Optional.ofNullable(recording);
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
        boolean file = kind == Kind.REALTIME_REPLAY || kind == Kind.FAST_REPLAY;
        reader = DeviceReader.builder("lantaarn-sound-" + context.node() + "-" + options.stream(),
                        path != null ? path.toString() : "the microphone", this::session, sink, context)
                .path(path).openTimeout(options.openTimeout()).readTimeout(file ? null : Duration.ofSeconds(5))
                .atEnd(file ? DeviceReader.AtEnd.STOP : DeviceReader.AtEnd.REOPEN).build();
        reader.start();
    }

    private DeviceReader.Session session() throws IOException {
        AudioSource s = opener.open();
        return new DeviceReader.Session() {
            @Override
            public void read() throws IOException {
                SoundLevelDriver.this.read(s);
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    private void read(AudioSource s) throws IOException {
        if (!SampleRates.isClass1(s.sampleRate())) {
            if (!options.acceptOutsideClass1()) {
                throw new DeviceReader.Unreadable(SampleRates.refusal(s.sampleRate(), options.stream(), s.describe()));
            }
            outsideClass1 = true;
        }
        Instant origin = context.clock().instant();
        long[] seconds = {0};
        SoundLevelMeter meter = new SoundLevelMeter(s.sampleRate(), options.calibration(), sec -> {
            second(sec, s.sampleRate());
            seconds[0]++;
            if (kind == Kind.REALTIME_REPLAY) {
                awaitClock(origin.plusSeconds(seconds[0]));
            } else if (recording != null) {
                recording.advance(Duration.ofSeconds(1));
            }
        });
        double[] buf = new double[(int) (s.sampleRate() / 10)];
        while (true) {
            int n = s.read(buf);
            if (n < 0) {
                return;
            }
            reader.progress();
            for (int i = 0; i < n; i++) {
                if (Math.abs(buf[i]) >= FULL_SCALE) {
                    clipped++;
                }
            }
            meter.accept(buf, n);
        }
    }

    /** Waits until the node's clock reaches {@code t}, woken by the node's scheduler (a test's clock drives it). */
    private void awaitClock(Instant t) {
        long ms = t.toEpochMilli() - context.clock().millis();
        if (ms <= 0) {
            return;
        }
        CountDownLatch due = new CountDownLatch(1);
        context.scheduler().schedule(due::countDown, ms, TimeUnit.MILLISECONDS);
        try {
            due.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying in real time", e);
        }
    }

    private void second(SoundLevelMeter.Second s, float rate) {
        Instant at = recording != null ? recording.instant() : context.clock().instant();
        double share = clipped / (double) Math.round(rate);
        clipped = 0;
        if (share > options.clipping() != clipping) {
            clipping = !clipping;
            String flag = clipping ? String.format(Locale.ROOT, "clipping: %.1f%% of samples at full scale", share * 100) : null;
            if (clipping) {
                log.warn("node {} stream {}: {}: lower the gain or move the microphone", context.node(), options.stream(), flag);
            }
            sink.condition(at, flag);
        }
        if (!(s.laeq() >= MIN_PLAUSIBLE && s.lafmax() <= MAX_PLAUSIBLE)) {
            sink.fault(at, String.format(Locale.ROOT, "implausible sound level: LAeq %.1f dB, LAFmax %.1f dB", s.laeq(), s.lafmax()));
            return;
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("LAeq1s", s.laeq());
        v.put("LAFmax1s", s.lafmax());
        sink.sample(at, v);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (reader != null) {
            reader.close();
        }
    }
}
