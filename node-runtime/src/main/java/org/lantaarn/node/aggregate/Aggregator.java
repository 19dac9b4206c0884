package org.lantaarn.node.aggregate;

import java.util.Objects;
import org.lantaarn.node.sensor.NodeReadings;
import java.util.function.Supplier;
import org.lantaarn.node.sensor.SensorDescriptor;

/**
 * How one stream aggregates: makes a fresh {@link Accumulator} for each window from the driver's descriptor.
 * {@code readings} is what the node's other streams measured, for drivers that summarise their own windows;
 * {@code probeClip} how many probe requests of one device count in a presence window.
 * Immutable.
 */
public record Aggregator(String stream, String sensor, SensorDescriptor descriptor, NodeReadings readings, int probeClip) {
    public Aggregator {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(readings, "readings");
        if (probeClip < 1 || probeClip > DistinctDevices.MAX_CLIP) {
            throw new IllegalArgumentException("probe clip must be between 1 and " + DistinctDevices.MAX_CLIP + ": " + probeClip);
        }
    }

    public Aggregator(String stream, String sensor, SensorDescriptor descriptor, NodeReadings readings) {
        this(stream, sensor, descriptor, readings, org.lantaarn.config.PrivacyConfig.DEFAULT_PROBE_CLIP);
    }

    public Aggregator(String stream, String sensor, SensorDescriptor descriptor) {
        this(stream, sensor, descriptor, NodeReadings.NONE);
    }

    /** An empty accumulator for the next window. */
    public Accumulator newWindow() {
        return switch (descriptor.aggregation()) {
            case NUMERIC -> new NumericAccumulator(this);
            case COUNTER -> new CounterAccumulator(this);
            case SUMMARY -> new SummaryAccumulator(this, descriptor.summaries().get());
            case PRESENCE -> new PresenceAccumulator(this, new EpochDwell());
        };
    }

    /**
     * The accumulator factory for one stream's windows. Presence windows share one table of first sightings
     * per key epoch (for dwell times), which lives as long as the returned supplier.
     */
    public Supplier<Accumulator> windows() {
        if (descriptor.aggregation() == SensorDescriptor.Aggregation.PRESENCE) {
            EpochDwell dwell = new EpochDwell();
            return () -> new PresenceAccumulator(this, dwell);
        }
        return this::newWindow;
    }
}
