package org.lantaarn.node.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.protocol.StreamHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink a driver delivers into: notes whether samples, events and faults arrived, for the stream's health
 * state, and passes everything on to the window. What it reports is a state and a fault count, never how many
 * samples arrived or when: for a stream that counts people, either would count them. For such a stream
 * ({@link #countsPeople}) a period without deliveries is {@code ok}, not {@code no-samples}, since nobody passing is
 * not a fault and telling the two apart would tell whether someone passed. It shields the driver from failures downstream, and the rest of
 * the node from a misbehaving driver: a null timestamp takes the clock's time, null values are faults.
 * Never logs what a sensor delivered. Thread-safe.
 */
public final class StreamMonitor implements SampleSink {
    /** Stream states reported in health. */
    public static final String OK = "ok";
    public static final String SENSOR_FAULT = "sensor-fault";
    public static final String SENSOR_ABSENT = "sensor-absent";
    public static final String NO_SAMPLES = "no-samples";

    private static final Logger log = LoggerFactory.getLogger(StreamMonitor.class);

    private final String stream;
    private final Clock clock;
    private volatile SampleSink next;
    private final AtomicBoolean downstreamFailureLogged = new AtomicBoolean();

    private final Object lock = new Object();
    private String absentReason;
    private boolean countsPeople;
    private String condition;
    private long samples;
    private long faults;
    private long samplesAtReport;
    private long faultsAtReport;

    public StreamMonitor(String stream, Clock clock) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where delivered data goes next (the stream's windows). */
    public void connect(SampleSink next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    public String stream() {
        return stream;
    }

    /** Marks the stream's sensor as absent, with the reason the technician should read. */
    public void absent(String reason) {
        synchronized (lock) {
            absentReason = Objects.requireNonNull(reason, "reason");
        }
    }

    /** Says that what this stream's driver delivers are people (or their devices). */
    public void countsPeople(boolean people) {
        synchronized (lock) {
            countsPeople = people;
        }
    }

    /**
     * Counts a fault found after the window, such as a value published without a declared disclosure class; unlike
     * {@link #fault} it is not passed on to the window.
     */
    public void countFault() {
        synchronized (lock) {
            faults++;
        }
    }

    /** Deliveries since start: local only, never reported. */
    public long delivered() {
        synchronized (lock) {
            return samples;
        }
    }

    public boolean isAbsent() {
        synchronized (lock) {
            return absentReason != null;
        }
    }

    @Override
    public void sample(Instant at, Map<String, Double> values) {
        Instant t = at != null ? at : clock.instant();
        if (values == null) {
            fault(t, "driver delivered a sample without values");
            return;
        }
        synchronized (lock) {
            samples++;
        }
        forward(s -> s.sample(t, values));
    }

    @Override
    public void event(Instant at, String name, long count) {
        Instant t = at != null ? at : clock.instant();
        if (name == null) {
            fault(t, "driver delivered an event without a name");
            return;
        }
        synchronized (lock) {
            samples++;
        }
        forward(s -> s.event(t, name, count));
    }

    @Override
    public void device(Instant at, long token, boolean randomised, Instant keyEpochStart) {
        Instant t = at != null ? at : clock.instant();
        synchronized (lock) {
            samples++;
        }
        forward(s -> s.device(t, token, randomised, keyEpochStart));
    }

    @Override
    public void fault(Instant at, String reason) {
        Instant t = at != null ? at : clock.instant();
        synchronized (lock) {
            faults++;
        }
        forward(s -> s.fault(t, reason == null ? "unspecified" : reason));
    }

    /** The source's lasting condition (a quality-flag text), shown as the stream's state in health; null clears it. */
    @Override
    public void condition(Instant at, String flag) {
        Instant t = at != null ? at : clock.instant();
        synchronized (lock) {
            condition = flag;
            if (flag != null) {
                faults++;
            }
        }
        forward(s -> s.condition(t, flag));
    }

    /** The source's condition now, or null. */
    public String condition() {
        synchronized (lock) {
            return condition;
        }
    }

    private void forward(java.util.function.Consumer<SampleSink> delivery) {
        SampleSink s = next;
        if (s == null) {
            return;
        }
        try {
            delivery.accept(s);
        } catch (RuntimeException e) {
            if (downstreamFailureLogged.compareAndSet(false, true)) {
                log.error("stream {}: processing delivered data failed (logged once)", stream, e);
            }
        }
    }

    /** The stream's health now, judged over the period since the last report, without starting a new period. */
    public StreamHealth health() {
        return health(false);
    }

    /**
     * The stream's health: {@code sensor-absent} when the driver did not open, {@code sensor-fault} when
     * faults arrived since the last report, {@code no-samples} when nothing arrived since then (never for a stream
     * that counts people), else {@code ok}. With {@code newPeriod} the next judgement starts from now.
     */
    public StreamHealth health(boolean newPeriod) {
        synchronized (lock) {
            String state;
            if (absentReason != null) {
                state = SENSOR_ABSENT;
            } else if (condition != null) {
                state = condition;
            } else if (faults > faultsAtReport) {
                state = SENSOR_FAULT;
            } else if (samples == samplesAtReport && !countsPeople) {
                state = NO_SAMPLES;
            } else {
                state = OK;
            }
            StreamHealth h = new StreamHealth(faults, state);
            if (newPeriod) {
                samplesAtReport = samples;
                faultsAtReport = faults;
            }
            return h;
        }
    }
}
