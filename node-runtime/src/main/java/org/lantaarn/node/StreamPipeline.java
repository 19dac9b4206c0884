package org.lantaarn.node;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.config.Schedule;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.aggregate.Accumulator;
import org.lantaarn.node.aggregate.Aggregator;
import org.lantaarn.node.aggregate.HumidityBoard;
import org.lantaarn.node.aggregate.OutsideSchedule;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.node.clock.ClockStepDetector;
import org.lantaarn.node.clock.ClockSync;
import org.lantaarn.node.health.StreamMonitor;
import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.node.privacy.DisclosureGate;
import org.lantaarn.node.privacy.PrivacyGuard;
import org.lantaarn.node.privacy.ProtectedAggregate;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.ScheduledDriver;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.window.TumblingWindows;
import org.lantaarn.node.window.Window;
import org.lantaarn.node.window.WindowListener;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.PrivacyManifest;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.StreamInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's chain: driver → monitor → windows → aggregate → privacy guard → disclosure gate → outbox. A stream whose
 * driver cannot be found or opened stays in the node as {@code sensor-absent}. Window handling runs on the
 * runtime's scheduler and hands the result to the outbox without waiting for the disk.
 */
final class StreamPipeline implements WindowListener<Accumulator>, AutoCloseable {
    static final String RAW_DATA = "never stored or sent";
    static final String STALLED = "node-stalled";
    /** Gap reason for every window of a stream whose sensor did not open. */
    static final String SENSOR_ABSENT = "sensor-absent";
    /** Quality flag, and gap reason: the wall clock stepped while the window was open or the windows were skipped. */
    static final String CLOCK_STEP = "clock-step";
    /** Quality flag (with the count after ": "): samples stamped before the open window were dropped. */
    static final String LATE_RECORDS = "late-records";
    /** Quality flag: the window was recorded while the clock was not synchronised. */
    static final String CLOCK_UNSYNCED = "clock-unsynced";

    private static final Logger log = LoggerFactory.getLogger(StreamPipeline.class);

    private final String node;
    private final StreamConfig stream;
    private final Duration window;
    private final StreamMonitor monitor;
    private final Outbox outbox;
    private final LongConsumer onStored;
    private final HumidityBoard humidity;
    private final DisclosureGate gate;
    private SensorDriver driver;
    private SensorDescriptor descriptor;
    private PrivacyGuard guard;
    private TumblingWindows<Accumulator> windows;
    private TumblingWindows<NoData> absentWindows;
    private SourceConditions conditions;
    private boolean countsPeople;
    // Window thread only: late samples counted by the windows at the last close.
    private long lateSeen;
    // Window thread only: the source's condition that a late-records condition replaced in health.
    private String beforeLate;
    private volatile boolean outboxClosing;
    private final Schedule schedule;
    private final Clock clock;
    private final ClockSync clockSync;
    private final ClockStepDetector steps;
    // Window thread only: the wall time at which a clock step was last noticed.
    private Instant stepNoticedAt;

    /**
     * @param humidity  the node's humidity: fed when this stream measures humidity, read by drivers that summarise
     * @param clockSync whether the wall clock is synchronised (windows recorded while it is not are flagged)
     * @param steps     notices steps of the wall clock (windows across one are flagged)
     */
    StreamPipeline(NodeConfig config, StreamConfig stream, Clock clock, Outbox outbox, LongConsumer onStored, HumidityBoard humidity,
                   ClockSync clockSync, ClockStepDetector steps, DisclosureGate gate) {
        this.humidity = humidity;
        this.gate = gate;
        this.clock = clock;
        this.clockSync = clockSync;
        this.steps = steps;
        this.node = config.node();
        this.stream = stream;
        this.window = config.windowOf(stream);
        this.monitor = new StreamMonitor(stream.id(), clock);
        this.outbox = outbox;
        this.onStored = onStored;
        this.schedule = stream.schedule() == null ? null : Schedule.parse(stream.schedule());
    }

    String id() {
        return stream.id();
    }

    StreamMonitor monitor() {
        return monitor;
    }

    /** Finds the provider, opens and starts the driver and the windows; a failure leaves the stream absent. */
    void start(List<SensorDriverProvider> providers, Clock clock, ScheduledExecutorService scheduler) {
        SensorDriverProvider provider = choose(providers);
        if (provider == null) {
            reportAbsentWindows(clock, scheduler);
            return;
        }
        try {
            DriverContext context = new DriverContext(node, clock, scheduler);
            driver = schedule == null ? provider.open(stream, context) : ScheduledDriver.open(provider, stream, context, schedule);
            descriptor = driver.descriptor();
            if (descriptor == null) {
                throw new SensorException("driver " + provider.driver() + " gave no descriptor");
            }
        } catch (SensorException | RuntimeException e) {
            absent("sensor " + stream.sensor() + " (driver " + provider.driver() + ") did not open: " + e.getMessage());
            closeDriver();
            reportAbsentWindows(clock, scheduler);
            return;
        }
        gate.declare(stream.id(), descriptor.disclosures());
        countsPeople = !descriptor.personValues().isEmpty();
        monitor.countsPeople(countsPeople);
        boolean presence = descriptor.aggregation() == SensorDescriptor.Aggregation.PRESENCE;
        guard = new PrivacyGuard(stream.privacy(), descriptor.disclosures(), presence ? stream.privacy().probeClip() : null,
                new SecureRandom(), this::undeclared);
        Aggregator aggregator = new Aggregator(stream.id(), stream.sensor(), descriptor, humidity, stream.privacy().probeClip());
        // A recording replayed faster than real time is windowed by its own time, its windows closed as it is read.
        Clock windowClock = driver.recordingClock().<Clock>map(c -> c).orElse(clock);
        windows = new TumblingWindows<>(stream.id(), window, windowClock, scheduler, aggregator.windows(), this);
        TumblingWindows<Accumulator> w = windows;
        driver.recordingClock().ifPresent(c -> c.onAdvance(w::closeDue));
        conditions = new SourceConditions("%RH".equals(descriptor.units().get("humidity")) ? new HumidityTee(windows, humidity) : windows);
        monitor.connect(conditions);
        windows.start();
        try {
            driver.start(monitor);
        } catch (RuntimeException e) {
            windows.close();
            absent("sensor " + stream.sensor() + " (driver " + provider.driver() + ") did not start: " + e);
            closeDriver();
            reportAbsentWindows(clock, scheduler);
        }
    }

    private SensorDriverProvider choose(List<SensorDriverProvider> providers) {
        List<SensorDriverProvider> matching = providers.stream()
                .filter(p -> stream.sensor().equals(p.sensor()))
                .filter(p -> stream.driver() == null ? p.isDefaultForSensor() : stream.driver().equals(p.driver()))
                .toList();
        if (matching.isEmpty()) {
            absent("no driver " + (stream.driver() == null ? "marked default" : "'" + stream.driver() + "'")
                    + " for sensor '" + stream.sensor() + "'; available: "
                    + providers.stream().map(p -> p.sensor() + "/" + p.driver()).sorted().toList());
            return null;
        }
        if (matching.size() > 1) {
            log.warn("node {} stream {}: {} providers match sensor '{}' driver '{}'; using {}", node, stream.id(),
                    matching.size(), stream.sensor(), stream.driver(), matching.getFirst().getClass().getName());
        }
        return matching.getFirst();
    }

    /** A value the driver produced without a declared disclosure class: dropped, counted as a fault, logged once. */
    void undeclared(String value) {
        monitor.countFault();
        if (undeclaredLogged.add(value)) {
            log.warn("node {} stream {}: value '{}' has no declared disclosure class and is not published", node, stream.id(), value);
        }
    }

    private final java.util.Set<String> undeclaredLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void absent(String reason) {
        monitor.absent(reason);
        log.warn("node {} stream {}: sensor-absent: {}", node, stream.id(), reason);
    }

    /** A stream without a sensor still closes its windows: each becomes a {@code sensor-absent} gap, so the loss is loud. */
    private void reportAbsentWindows(Clock clock, ScheduledExecutorService scheduler) {
        absentWindows = new TumblingWindows<>(stream.id(), window, clock, scheduler, NoData::new, new WindowListener<>() {
            @Override
            public void closed(Window w, NoData contents, boolean partial) {
                gap(w.start(), w.end(), 1, SENSOR_ABSENT);
            }

            @Override
            public void skipped(Instant from, Instant to, long count) {
                gap(from, to, count, SENSOR_ABSENT);
            }
        });
        absentWindows.start();
    }

    private static final class NoData implements org.lantaarn.node.window.WindowAccumulator {
        @Override
        public void sample(Instant at, java.util.Map<String, Double> values) {}

        @Override
        public void event(Instant at, String name, long count) {}

        @Override
        public void fault(Instant at, String reason) {}
    }

    /** Passes everything on and records the humidity the stream measures for the node's other streams. */
    private record HumidityTee(SampleSink next, HumidityBoard board) implements SampleSink {
        @Override
        public void sample(Instant at, java.util.Map<String, Double> values) {
            Double rh = values.get("humidity");
            if (rh != null) {
                board.record(at, rh);
            }
            next.sample(at, values);
        }

        @Override
        public void event(Instant at, String name, long count) {
            next.event(at, name, count);
        }

        @Override
        public void fault(Instant at, String reason) {
            next.fault(at, reason);
        }
    }

    /**
     * Notices a clock step since the last window event. Windows that end by the moment a step was noticed were open
     * across it (or were closed in the catch-up it caused) and are flagged; the window open now is not.
     */
    private boolean affectedByClockStep(Instant windowEnd) {
        Optional<Duration> step = steps.check();
        if (step.isPresent()) {
            stepNoticedAt = clock.instant();
            log.warn("node {} stream {}: the wall clock stepped by {} ms; windows up to {} are flagged {}", node, stream.id(),
                    step.get().toMillis(), stepNoticedAt, CLOCK_STEP);
        }
        return stepNoticedAt != null && !windowEnd.isAfter(stepNoticedAt);
    }

    /** The observation with the clock's and the source's quality flags added. */
    private Observation withFlags(Observation o, boolean stepped, boolean unsynced, List<String> source) {
        if (!stepped && !unsynced && source.isEmpty()) {
            return o;
        }
        List<String> flags = new ArrayList<>(o.quality().flags());
        if (stepped && !flags.contains(CLOCK_STEP)) {
            flags.add(CLOCK_STEP);
        }
        if (unsynced && !flags.contains(CLOCK_UNSYNCED)) {
            flags.add(CLOCK_UNSYNCED);
        }
        for (String f : source) {
            if (!flags.contains(f)) {
                flags.add(f);
            }
        }
        return new Observation(o.node(), o.stream(), o.sensor(), o.seq(), o.start(), o.end(), o.values(), o.units(),
                new Quality(o.quality().coverage(), flags), o.privacy(), o.site(), o.location(), o.metadata());
    }

    @Override
    public void closed(Window w, Accumulator contents, boolean partial) {
        WindowAggregate a = contents.complete(w, partial);
        if (schedule != null && !schedule.overlaps(w.start(), w.end())) {
            a = OutsideSchedule.flag(a);
        }
        ProtectedAggregate p = guard.protect(a);
        boolean stepped = affectedByClockStep(w.end());
        boolean unsynced = clockSync.state() == ClockSync.State.UNSYNCHRONISED;
        List<String> source = sourceFlags();
        outbox.appendAsync(seq -> gate.release(withFlags(p.toObservation(node, seq), stepped, unsynced, source))).whenComplete((obs, e) -> {
            if (e != null) {
                logStoreFailure("window " + w.start() + " .. " + w.end(), e);
            } else {
                onStored.accept(obs.seq());
            }
        });
    }

    /**
     * The closing window's flags from the source's conditions, and {@code late-records: N dropped} when samples
     * stamped before the open window were dropped (a replayed old capture with {@code timestamps: capture}), which
     * is also the stream's condition in health until a window has none.
     */
    private List<String> sourceFlags() {
        List<String> flags = new ArrayList<>(conditions.closing().stream().filter(f -> !f.startsWith(LATE_RECORDS)).toList());
        long late = windows.late();
        long dropped = late - lateSeen;
        lateSeen = late;
        String current = conditions.active();
        if (dropped > 0) {
            // How many were dropped is not said for a stream that counts people: each record is one of them.
            String flag = LATE_RECORDS + (countsPeople ? ": dropped" : ": " + dropped + " dropped") + ", stamped before the open window";
            flags.add(flag);
            if (current == null || !current.startsWith(LATE_RECORDS)) {
                beforeLate = current; // shown again once the late records stop
                log.warn("node {} stream {}: {} (a recording replayed with its own timestamps? try timestamps: arrival); "
                        + "said again when they stop", node, stream.id(), flag);
            }
            monitor.condition(clock.instant(), flag);
        } else if (current != null && current.startsWith(LATE_RECORDS)) {
            log.warn("node {} stream {}: no more late records", node, stream.id());
            monitor.condition(clock.instant(), beforeLate);
            beforeLate = null;
        }
        return flags;
    }

    @Override
    public void skipped(Instant from, Instant to, long count) {
        gap(from, to, count, affectedByClockStep(to) ? CLOCK_STEP : STALLED);
    }

    private void gap(Instant from, Instant to, long count, String reason) {
        outbox.appendAsync(seq -> gate.release(new Gap(node, stream.id(), seq, from, to, count, reason))).whenComplete((gap, e) -> {
            if (e != null) {
                logStoreFailure("a gap", e);
            } else {
                onStored.accept(gap.seq());
            }
        });
    }

    private void logStoreFailure(String what, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof IllegalStateException && outboxClosing) {
            log.debug("node {} stream {}: {} not stored, the node is stopping", node, stream.id(), what);
        } else {
            log.error("node {} stream {}: storing {} failed", node, stream.id(), what, cause);
        }
    }

    /** How the stream is announced in the status birth. */
    StreamInfo info() {
        boolean counter = descriptor != null && !descriptor.personValues().isEmpty();
        String measures = descriptor != null ? descriptor.measures() : stream.sensor() + " (sensor absent: nothing is measured)";
        if (measures.isBlank()) {
            measures = stream.sensor();
        }
        boolean personal = descriptor != null && descriptor.personalDataInRawInput();
        Long keyRotation = "wifi-presence".equals(stream.sensor()) && stream.privacy().keyRotation() != null
                ? stream.privacy().keyRotation().toSeconds() : null;
        java.util.Map<String, String> disclosures = new java.util.LinkedHashMap<>();
        if (descriptor != null) {
            descriptor.disclosures().forEach((name, d) -> disclosures.put(name, d.kind().label()));
        }
        Integer clip = descriptor != null && descriptor.aggregation() == SensorDescriptor.Aggregation.PRESENCE
                ? stream.privacy().probeClip() : null;
        PrivacyManifest manifest = new PrivacyManifest(measures, personal, counter || descriptor == null ? stream.privacy().k() : null,
                stream.privacy().epsilon(), keyRotation, RAW_DATA, disclosures, clip);
        long seconds = Math.max(1, (window.toMillis() + 999) / 1000);
        return new StreamInfo(stream.id(), stream.sensor(), seconds, manifest);
    }

    @Override
    public void close() {
        outboxClosing = true;
        closeDriver();
        if (windows != null) {
            windows.close();
        }
        if (absentWindows != null) {
            absentWindows.close();
        }
    }

    private void closeDriver() {
        if (driver != null) {
            try {
                driver.close();
            } catch (RuntimeException e) {
                log.warn("node {} stream {}: driver close failed: {}", node, stream.id(), e.toString());
            }
            driver = null;
        }
    }
}
