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
 * Event counts per event name of the descriptor, 0 when nothing happened. Unknown event names and
 * negative counts are faults. Not thread-safe: the window calls it under its lock.
 */
public final class CounterAccumulator implements Accumulator {
    private final Aggregator spec;
    private final Map<String, Long> counts = new TreeMap<>();
    private long deliveries;
    private long faults;

    CounterAccumulator(Aggregator spec) {
        this.spec = spec;
        for (String name : spec.descriptor().units().keySet()) {
            counts.put(name, 0L);
        }
    }

    @Override
    public void sample(Instant at, Map<String, Double> values) {
        // A counter stream has no numeric samples; a driver that sends them is faulty.
        faults++;
    }

    @Override
    public void event(Instant at, String name, long count) {
        if (count < 0 || !counts.containsKey(name)) {
            faults++;
            return;
        }
        counts.merge(name, count, Math::addExact);
        deliveries++;
    }

    @Override
    public void fault(Instant at, String reason) {
        faults++;
    }

    @Override
    public long samples() {
        return deliveries;
    }

    @Override
    public long faults() {
        return faults;
    }

    @Override
    public WindowAggregate complete(Window window, boolean partial) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        counts.forEach((name, n) -> {
            values.put(name, (double) n);
            units.put(name, "count");
        });
        List<String> flags = new ArrayList<>();
        if (faults > 0) {
            flags.add(SENSOR_FAULT);
        }
        if (partial) {
            flags.add(PARTIAL_WINDOW);
        }
        return new WindowAggregate(spec.stream(), spec.sensor(), Aggregation.COUNTER, window, values, units,
                new Quality(1.0, flags));
    }
}
