package org.lantaarn.node.sensor.gpio;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.NodeReadings;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.WindowSummary;

/**
 * A PIR or radar output: high while something moves. A change within {@code debounce} of the last accepted
 * change is a bounce and ignored. A rising edge is a motion event unless it comes within the sensor's
 * {@code holdTime} of the previous event (the output cannot show a new detection sooner: dead time).
 * Per window: {@code events} (a count of people, k-suppressed) and {@code occupied}, the fraction of the
 * window the output was high. Edges are timed with the runtime's clock when they are delivered. Thread-safe.
 */
final class MotionDriver implements SensorDriver {
    static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);
    static final Duration DEFAULT_HOLD = Duration.ofSeconds(3);
    /** How far back the occupancy timeline is kept. */
    static final Duration HISTORY = Duration.ofHours(2);

    private final EdgeInput input;
    private final DriverContext context;
    private final Duration debounce;
    private final Duration hold;
    private final Deque<Instant[]> highSpans = new ArrayDeque<>();
    private SampleSink sink;
    private boolean level;
    private Instant lastChange;
    private Instant lastEvent;
    private Instant highSince;

    MotionDriver(EdgeInput input, DriverContext context, Duration debounce, Duration hold) {
        this.input = input;
        this.context = context;
        this.debounce = debounce;
        this.hold = hold;
    }

    @Override
    public SensorDescriptor descriptor() {
        Map<String, String> units = new LinkedHashMap<>();
        units.put("events", "count");
        units.put("occupied", "/");
        return SensorDescriptor.summarized(units, 0, "movement in front of the lamppost: motion events and the share of time with movement",
                false, DISCLOSURES, Summary::new);
    }

    /** One suppression group: events count the people passing; the occupied fraction comes from them too. */
    static final org.lantaarn.node.sensor.SuppressionGroup PASSERS = new org.lantaarn.node.sensor.SuppressionGroup("passers", "events");
    static final Map<String, org.lantaarn.node.sensor.Disclosure> DISCLOSURES = org.lantaarn.node.sensor.Disclosures.check(Map.of(
            "events", org.lantaarn.node.sensor.Disclosure.person(PASSERS, 1),
            "occupied", org.lantaarn.node.sensor.Disclosure.personFraction(PASSERS)));

    @Override
    public synchronized void start(SampleSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("driver already started");
        }
        this.sink = sink;
        Instant now = context.clock().instant();
        level = input.high();
        if (level) {
            highSince = now;
        }
        sink.sample(now, Map.of("level", level ? 1.0 : 0.0));
        input.onChange(this::changed);
    }

    private synchronized void changed(boolean high) {
        Instant now = context.clock().instant();
        if (high == level || (lastChange != null && Duration.between(lastChange, now).compareTo(debounce) < 0)) {
            return;
        }
        lastChange = now;
        level = high;
        if (high) {
            highSince = now;
            if (lastEvent == null || Duration.between(lastEvent, now).compareTo(hold) >= 0) {
                lastEvent = now;
                sink.event(now, "events", 1);
            }
        } else if (highSince != null) {
            highSpans.addLast(new Instant[] {highSince, now});
            highSince = null;
            while (!highSpans.isEmpty() && highSpans.peekFirst()[1].isBefore(now.minus(HISTORY))) {
                highSpans.removeFirst();
            }
        }
    }

    /** Milliseconds of {@code [from, to)} during which the output was high. */
    synchronized long occupiedMillis(Instant from, Instant to) {
        long ms = 0;
        for (Instant[] span : highSpans) {
            ms += overlap(span[0], span[1], from, to);
        }
        if (highSince != null) {
            ms += overlap(highSince, to, from, to);
        }
        return ms;
    }

    private static long overlap(Instant a, Instant b, Instant from, Instant to) {
        Instant s = a.isAfter(from) ? a : from;
        Instant e = b.isBefore(to) ? b : to;
        return e.isAfter(s) ? Duration.between(s, e).toMillis() : 0;
    }

    private final class Summary implements WindowSummary {
        private long events;

        @Override
        public void sample(Instant at, Map<String, Double> values) {
            // the level at start; occupancy comes from the driver's timeline
        }

        @Override
        public void event(Instant at, String name, long count) {
            if ("events".equals(name)) {
                events += count;
            }
        }

        @Override
        public Result complete(Instant start, Instant end, NodeReadings node) {
            double fraction = (double) occupiedMillis(start, end) / Duration.between(start, end).toMillis();
            return new Result(Map.of("events", (double) events, "occupied", Math.min(1, fraction)), 1.0, java.util.List.of());
        }
    }

    @Override
    public void close() {
        input.close();
    }
}
