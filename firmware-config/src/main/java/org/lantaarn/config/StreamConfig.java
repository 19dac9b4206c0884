package org.lantaarn.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One stream of a node.
 *
 * @param id       stream id, unique within the node, a topic segment
 * @param sensor   sensor kind ({@code climate}, {@code particulates}, {@code sound-level}, {@code rain},
 *                 {@code motion}, {@code wifi-presence}, {@code people-flow})
 * @param driver   which driver provider reads it ({@code bme280}, {@code simulated}, ...); {@code null}
 *                 takes the kind's default hardware driver
 * @param window   window length, or {@code null} for the node's default
 * @param interval sampling interval for polled sensors, or {@code null} for the driver's default
 * @param settings driver settings (bus, address, pin, ...), as text
 * @param privacy  privacy settings
 * @param schedule when the stream measures, or {@code null} for always
 */
public record StreamConfig(
        String id,
        String sensor,
        String driver,
        Duration window,
        Duration interval,
        Map<String, String> settings,
        PrivacyConfig privacy,
        String schedule) {

    public StreamConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sensor, "sensor");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        privacy = privacy == null ? PrivacyConfig.defaults() : privacy;
    }

    /** A stream with only id, sensor kind and driver given. */
    public static StreamConfig of(String id, String sensor, String driver) {
        return new StreamConfig(id, sensor, driver, null, null, Map.of(), null, null);
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }
}
