package org.lantaarn.node.aggregate;

import java.util.Objects;
import org.lantaarn.node.sensor.SensorDescriptor;

/** How one stream aggregates: makes a fresh {@link Accumulator} for each window from the driver's descriptor. Immutable. */
public record Aggregator(String stream, String sensor, SensorDescriptor descriptor) {
    public Aggregator {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    /** An empty accumulator for the next window. */
    public Accumulator newWindow() {
        return switch (descriptor.aggregation()) {
            case NUMERIC -> new NumericAccumulator(this);
            case COUNTER -> new CounterAccumulator(this);
        };
    }
}
