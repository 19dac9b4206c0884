package org.lantaarn.node.privacy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.lantaarn.node.window.Window;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;

/**
 * A window's values after the privacy guard: suppressed values are {@code null}, and {@code privacy}
 * says what was applied. Becomes an {@link Observation} once the outbox assigns it a seq.
 */
public record ProtectedAggregate(
        String stream,
        String sensor,
        Window window,
        Map<String, Double> values,
        Map<String, String> units,
        Quality quality,
        Privacy privacy) {

    public ProtectedAggregate {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(window, "window");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
        units = Map.copyOf(Objects.requireNonNull(units, "units"));
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(privacy, "privacy");
    }

    /** The observation of node {@code node} under sequence number {@code seq}. */
    public Observation toObservation(String node, long seq) {
        return new Observation(node, stream, sensor, seq, window.start(), window.end(), values, units, quality, privacy);
    }
}
