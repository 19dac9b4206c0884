package org.lantaarn.node.sensor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A window's values computed by the driver itself, for aggregates that are not plain means or counts
 * (occupied fraction, peak rain intensity, energy-averaged sound levels). The driver's
 * {@link SensorDescriptor#summaries()} makes one per window; the window calls it under its own lock, so an
 * implementation needs no synchronisation of its own unless it reads state the driver shares with it.
 */
public interface WindowSummary {
    /** A numeric reading that falls in this window. */
    void sample(Instant at, Map<String, Double> values);

    /** Events that fall in this window; ignored unless the summary counts events. */
    default void event(Instant at, String name, long count) {}

    /**
     * The window {@code [start, end)} has closed: its values (names from the descriptor's units), the
     * coverage (0..1) and quality flags of the driver's own (such as {@code rh>75}). {@code node} tells
     * what other streams of the node measured in the same window.
     */
    Result complete(Instant start, Instant end, NodeReadings node);

    /** What a closed window amounts to. An empty {@code values} means nothing was measured. */
    record Result(Map<String, Double> values, double coverage, List<String> flags) {
        public Result {
            values = Map.copyOf(Objects.requireNonNull(values, "values"));
            flags = List.copyOf(Objects.requireNonNull(flags, "flags"));
            if (!(coverage >= 0 && coverage <= 1)) {
                throw new IllegalArgumentException("summary coverage must be between 0 and 1: " + coverage);
            }
        }
    }
}
