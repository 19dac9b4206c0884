package org.lantaarn.node.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantaarn.node.sensor.SensorDescriptor.Aggregation;
import org.lantaarn.node.sensor.WindowSummary;
import org.lantaarn.node.window.Window;
import org.lantaarn.protocol.Quality;

/**
 * A window the driver summarises itself ({@link WindowSummary}); this class adds what every window has:
 * fault counting, the {@code sensor-fault} and {@code partial-window} flags, and the check that the
 * summary names only values of the descriptor and only finite ones. A summary that throws makes a window
 * without values, flagged {@code sensor-fault}. Not thread-safe: the window calls it under its lock.
 */
public final class SummaryAccumulator implements Accumulator {
    private final Aggregator spec;
    private final WindowSummary summary;
    private long samples;
    private long faults;

    SummaryAccumulator(Aggregator spec, WindowSummary summary) {
        this.spec = spec;
        this.summary = summary;
    }

    @Override
    public void sample(Instant at, Map<String, Double> values) {
        samples++;
        try {
            summary.sample(at, values);
        } catch (RuntimeException e) {
            faults++;
        }
    }

    @Override
    public void event(Instant at, String name, long count) {
        if (count < 0) {
            faults++;
            return;
        }
        samples++;
        try {
            summary.event(at, name, count);
        } catch (RuntimeException e) {
            faults++;
        }
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
        List<String> flags = new ArrayList<>();
        double coverage = 0;
        try {
            WindowSummary.Result r = summary.complete(window.start(), window.end(), spec.readings());
            coverage = r.coverage();
            r.values().forEach((name, v) -> {
                String unit = spec.descriptor().units().get(name);
                if (unit == null || v == null || !Double.isFinite(v)) {
                    faults++;
                } else {
                    values.put(name, v);
                    units.put(name, unit);
                }
            });
            flags.addAll(r.flags());
        } catch (RuntimeException e) {
            faults++;
        }
        if (faults > 0 && !flags.contains(SENSOR_FAULT)) {
            flags.add(SENSOR_FAULT);
        }
        if (values.isEmpty()) {
            flags.add(NO_SAMPLES);
        }
        if (partial) {
            flags.add(PARTIAL_WINDOW);
        }
        return new WindowAggregate(spec.stream(), spec.sensor(), Aggregation.SUMMARY, window, values, units,
                new Quality(values.isEmpty() ? 0 : coverage, flags), null);
    }
}
