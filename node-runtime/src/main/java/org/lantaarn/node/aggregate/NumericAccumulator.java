package org.lantaarn.node.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lantaarn.node.sensor.SensorDescriptor.Aggregation;
import org.lantaarn.node.window.Window;
import org.lantaarn.protocol.Quality;

/**
 * Running mean, min and max per value name, plus the number of samples. Values not named in the
 * descriptor are ignored; a non-finite value counts as a fault. Not thread-safe: the window calls it
 * under its lock.
 */
public final class NumericAccumulator implements Accumulator {
    /** The value holding the number of samples in the window, unit {@code count}. */
    public static final String SAMPLES = "samples";

    private final Aggregator spec;
    private final Map<String, Stats> stats = new TreeMap<>();
    private long samples;
    private long faults;

    NumericAccumulator(Aggregator spec) {
        this.spec = spec;
    }

    private static final class Stats {
        long n;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(double v) {
            n++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }

    @Override
    public void sample(Instant at, Map<String, Double> values) {
        boolean any = false;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!spec.descriptor().units().containsKey(e.getKey())) {
                continue;
            }
            Double v = e.getValue();
            if (v == null || !Double.isFinite(v)) {
                faults++;
                continue;
            }
            stats.computeIfAbsent(e.getKey(), k -> new Stats()).add(v);
            any = true;
        }
        if (any) {
            samples++;
        }
    }

    @Override
    public void event(Instant at, String name, long count) {
        // A numeric stream has no events; a driver that sends them is faulty.
        faults++;
    }

    @Override
    public void fault(Instant at, String reason) {
        faults++;
    }

    @Override
    public long samples() {
        return samples;
    }

    @Override
    public long faults() {
        return faults;
    }

    @Override
    public WindowAggregate complete(Window window, boolean partial) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        stats.forEach((name, s) -> {
            String unit = spec.descriptor().units().get(name);
            values.put(name + ".mean", s.sum / s.n);
            units.put(name + ".mean", unit);
            values.put(name + ".min", s.min);
            units.put(name + ".min", unit);
            values.put(name + ".max", s.max);
            units.put(name + ".max", unit);
        });
        if (samples > 0) {
            values.put(SAMPLES, (double) samples);
            units.put(SAMPLES, "count");
        }
        double expected = spec.descriptor().expectedSamplesPerWindowSecond() * window.length().toMillis() / 1000.0;
        double coverage = samples == 0 ? 0.0 : expected <= 0 ? 1.0 : Math.min(1.0, samples / expected);
        List<String> flags = new ArrayList<>();
        if (faults > 0) {
            flags.add(SENSOR_FAULT);
        }
        if (samples == 0) {
            flags.add(NO_SAMPLES);
        }
        if (partial) {
            flags.add(PARTIAL_WINDOW);
        }
        return new WindowAggregate(spec.stream(), spec.sensor(), Aggregation.NUMERIC, window, values, units,
                new Quality(coverage, flags));
    }
}
