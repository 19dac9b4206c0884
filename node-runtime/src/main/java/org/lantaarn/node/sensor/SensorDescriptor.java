package org.lantaarn.node.sensor;

import java.util.Map;
import java.util.Objects;

/**
 * What a driver delivers.
 *
 * @param aggregation how the window combines what arrives
 * @param units       value name (or event name, for counters) → SenML/UCUM unit ({@code Cel}, {@code %RH},
 *                    {@code Pa}, {@code dB}, {@code ug/m3}, {@code mm}, {@code count}, {@code s})
 * @param expectedSamplesPerWindowSecond expected samples per second of window, for the coverage of a
 *                    numeric window ({@code 0} when not meaningful, as for event counters)
 * @param measures    what is measured, in plain language, for the privacy manifest
 * @param personalDataInRawInput whether the raw input could identify a person (audio, Wi-Fi addresses)
 */
public record SensorDescriptor(
        Aggregation aggregation,
        Map<String, String> units,
        double expectedSamplesPerWindowSecond,
        String measures,
        boolean personalDataInRawInput) {

    /** How a window combines samples. */
    public enum Aggregation {
        /** Numeric samples: per value name, mean, min and max over the window, and the sample count. */
        NUMERIC,
        /** Events: per event name, the number of events in the window. These are count-type values. */
        COUNTER,
        /**
         * Devices seen, as keyed 64-bit tokens delivered through {@link SampleSink#device}: distinct devices
         * (randomised and global), sightings and a dwell histogram per window. Count-type values.
         */
        PRESENCE
    }

    public SensorDescriptor {
        Objects.requireNonNull(aggregation, "aggregation");
        units = Map.copyOf(Objects.requireNonNull(units, "units"));
        Objects.requireNonNull(measures, "measures");
    }
}
