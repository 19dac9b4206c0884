package org.lantaarn.node.sensor.gpio;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.NodeReadings;
import org.lantaarn.node.sensor.SampleSink;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.WindowSummary;

/**
 * A tipping-bucket rain gauge: each tip closes a reed switch briefly, and the switch bounces on closing and
 * on opening. An edge within {@code debounce} of the previous edge is a bounce; a tip is a change to the active
 * level ({@code low} with the default pull-up, the switch pulling to ground) that is not a bounce. Per window: {@code rainfall} (tips × {@code mmPerTip}, in mm), {@code intensity.peak}
 * (the most rain in any {@link #INTENSITY_SPAN} starting at a tip of the window, as mm/h) and {@code tips}
 * (not a count of people: never suppressed). Thread-safe.
 */
final class RainDriver implements SensorDriver {
    static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);
    static final double DEFAULT_MM_PER_TIP = 0.2794;
    static final Duration INTENSITY_SPAN = Duration.ofMinutes(1);

    private final EdgeInput input;
    private final DriverContext context;
    private final Duration debounce;
    private final double mmPerTip;
    private final boolean activeHigh;
    private SampleSink sink;
    private Instant lastEdge;

    RainDriver(EdgeInput input, DriverContext context, Duration debounce, double mmPerTip) {
        this(input, context, debounce, mmPerTip, false);
    }

    RainDriver(EdgeInput input, DriverContext context, Duration debounce, double mmPerTip, boolean activeHigh) {
        this.input = input;
        this.context = context;
        this.debounce = debounce;
        this.mmPerTip = mmPerTip;
        this.activeHigh = activeHigh;
    }

    @Override
    public SensorDescriptor descriptor() {
        Map<String, String> units = new LinkedHashMap<>();
        units.put("rainfall", "mm");
        units.put("intensity.peak", "mm/h");
        units.put("tips", "count");
        return SensorDescriptor.summarized(units, 0, "rainfall with a tipping-bucket gauge", false, DISCLOSURES, Summary::new);
    }

    /** Rainfall, peak intensity and tips: environment (rain tips are not people). */
    static final Map<String, org.lantaarn.node.sensor.Disclosure> DISCLOSURES =
            org.lantaarn.node.sensor.Disclosures.environment(java.util.List.of("rainfall", "intensity.peak", "tips"));

    @Override
    public synchronized void start(SampleSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("driver already started");
        }
        this.sink = sink;
        sink.sample(context.clock().instant(), Map.of("level", input.high() ? 1.0 : 0.0));
        input.onChange(this::changed);
    }

    private synchronized void changed(boolean high) {
        Instant now = context.clock().instant();
        boolean bounce = lastEdge != null && Duration.between(lastEdge, now).compareTo(debounce) < 0;
        lastEdge = now;
        if (!bounce && high == activeHigh) {
            sink.event(now, "tips", 1);
        }
    }

    private final class Summary implements WindowSummary {
        private final List<Instant> tips = new ArrayList<>();

        @Override
        public void sample(Instant at, Map<String, Double> values) {
            // the level at start tells the self-test the pin is readable; rain is counted from tips
        }

        @Override
        public void event(Instant at, String name, long count) {
            for (long i = 0; i < count; i++) {
                tips.add(at);
            }
        }

        @Override
        public Result complete(Instant start, Instant end, NodeReadings node) {
            tips.sort(null);
            int busiest = 0;
            for (int i = 0, j = 0; i < tips.size(); i++) {
                while (j < tips.size() && tips.get(j).isBefore(tips.get(i).plus(INTENSITY_SPAN))) {
                    j++;
                }
                busiest = Math.max(busiest, j - i);
            }
            double perHour = 3600.0 / INTENSITY_SPAN.toSeconds();
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("rainfall", round(tips.size() * mmPerTip));
            v.put("intensity.peak", round(busiest * mmPerTip * perHour));
            v.put("tips", (double) tips.size());
            return new Result(v, 1.0, List.of());
        }
    }

    private static double round(double mm) {
        return Math.round(mm * 10_000) / 10_000.0;
    }

    @Override
    public void close() {
        input.close();
    }
}
