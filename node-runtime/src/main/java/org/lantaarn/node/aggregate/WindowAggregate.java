package org.lantaarn.node.aggregate;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.lantaarn.node.sensor.SensorDescriptor.Aggregation;
import org.lantaarn.node.window.Window;
import org.lantaarn.protocol.Quality;

/**
 * The values of one closed window of one stream, before the privacy guard has looked at them.
 *
 * @param aggregation how they were computed
 * @param values      value name → value (never null here)
 * @param units       value name → SenML/UCUM unit
 * @param keyEpochStart for keyed-token (presence) streams, the start of the key epoch of the window's tokens;
 *                    {@code null} otherwise
 */
public record WindowAggregate(
        String stream,
        String sensor,
        Aggregation aggregation,
        Window window,
        Map<String, Double> values,
        Map<String, String> units,
        Quality quality,
        Instant keyEpochStart) {

    /** An aggregate without keyed tokens. */
    public WindowAggregate(String stream, String sensor, Aggregation aggregation, Window window, Map<String, Double> values,
                           Map<String, String> units, Quality quality) {
        this(stream, sensor, aggregation, window, values, units, quality, null);
    }

    public WindowAggregate {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(quality, "quality");
        Map<String, Double> copy = new LinkedHashMap<>();
        Objects.requireNonNull(values, "values").forEach((k, v) -> copy.put(k, Objects.requireNonNull(v, "aggregate value " + k)));
        values = Collections.unmodifiableMap(copy);
        units = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(units, "units")));
        if (!units.keySet().equals(values.keySet())) {
            throw new IllegalArgumentException("aggregate units must name exactly the values: " + units.keySet() + " vs " + values.keySet());
        }
    }
}
