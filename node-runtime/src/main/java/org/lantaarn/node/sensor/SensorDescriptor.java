package org.lantaarn.node.sensor;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

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
 * @param disclosures every value the driver can publish → its {@link Disclosure} (class, suppression group,
 *                    sensitivity); a value the window produces without one is dropped by the privacy guard and
 *                    counted as a fault of the stream
 * @param summaries   for {@link Aggregation#SUMMARY}: makes the driver's summary of one window; else {@code null}
 */
public record SensorDescriptor(
        Aggregation aggregation,
        Map<String, String> units,
        double expectedSamplesPerWindowSecond,
        String measures,
        boolean personalDataInRawInput,
        Map<String, Disclosure> disclosures,
        Supplier<WindowSummary> summaries) {

    /** How a window combines samples. */
    public enum Aggregation {
        /** Numeric samples: per value name, mean, min and max over the window, and the sample count. */
        NUMERIC,
        /** Events: per event name, the number of events in the window. These are count-type values. */
        COUNTER,
        /** The driver summarises each window itself through a {@link WindowSummary}. */
        SUMMARY,
        /**
         * Devices seen, as keyed 64-bit tokens delivered through {@link SampleSink#device}: distinct devices
         * (randomised and global), sightings and a dwell histogram per window. Count-type values.
         */
        PRESENCE
    }

    /** A numeric, counter or presence descriptor, with the disclosure of every value it can publish. */
    public SensorDescriptor(Aggregation aggregation, Map<String, String> units, double expectedSamplesPerWindowSecond,
                            String measures, boolean personalDataInRawInput, Map<String, Disclosure> disclosures) {
        this(aggregation, units, expectedSamplesPerWindowSecond, measures, personalDataInRawInput, disclosures, null);
    }

    /**
     * A descriptor whose windows the driver summarises itself.
     *
     * @param units        the summary's value names → units
     * @param disclosures  the disclosure of each of them: motion events are person values, rain tips are not
     */
    public static SensorDescriptor summarized(Map<String, String> units, double expectedSamplesPerWindowSecond, String measures,
                                              boolean personalDataInRawInput, Map<String, Disclosure> disclosures,
                                              Supplier<WindowSummary> summaries) {
        return new SensorDescriptor(Aggregation.SUMMARY, units, expectedSamplesPerWindowSecond, measures,
                personalDataInRawInput, disclosures, Objects.requireNonNull(summaries, "summaries"));
    }

    public SensorDescriptor {
        Objects.requireNonNull(aggregation, "aggregation");
        units = Map.copyOf(Objects.requireNonNull(units, "units"));
        Objects.requireNonNull(measures, "measures");
        disclosures = Disclosures.check(disclosures);
        if ((aggregation == Aggregation.SUMMARY) != (summaries != null)) {
            throw new IllegalArgumentException("summaries must be given exactly for a SUMMARY aggregation");
        }
    }

    /** The names of the values that concern people (class {@code person}), in declaration order. */
    public Set<String> personValues() {
        Set<String> s = new java.util.LinkedHashSet<>();
        disclosures.forEach((name, d) -> {
            if (d.isPerson()) {
                s.add(name);
            }
        });
        return java.util.Collections.unmodifiableSet(s);
    }
}
