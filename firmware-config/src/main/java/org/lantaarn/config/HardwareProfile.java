package org.lantaarn.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named hardware build of a node: for each sensor kind, the driver and bus settings it is wired with, so a
 * configuration can say {@code profile: lamppost-v1} instead of spelling out every bus setting. A stream of a
 * kind the profile knows takes the profile's driver and settings, unless it names another driver; its own
 * settings override the profile's one by one. Immutable.
 *
 * @param bySensor sensor kind → driver and settings
 */
public record HardwareProfile(String name, String description, Map<String, Wiring> bySensor) {
    /** How one sensor kind is wired in the profile. */
    public record Wiring(String driver, Map<String, String> settings) {
        public Wiring {
            Objects.requireNonNull(driver, "driver");
            settings = Map.copyOf(settings);
        }
    }

    /** The Lantaarn lamppost node, version 1 (Raspberry Pi 4): see docs/sensors.md for the wiring. */
    public static final HardwareProfile LAMPPOST_V1 = new HardwareProfile("lamppost-v1",
            "Raspberry Pi 4 lamppost node: BME280 at 0x76 on I2C bus 1, SDS011 on the primary UART, PIR on GPIO 17, "
                    + "rain gauge on GPIO 27, USB microphone",
            Map.of(
                    "climate", new Wiring("bme280", Map.of("bus", "1", "address", "0x76")),
                    "particulates", new Wiring("sds011", Map.of("device", "/dev/serial0")),
                    "motion", new Wiring("pir", Map.of("pin", "17", "pull", "down", "debounce", "50ms", "holdTime", "3s")),
                    "rain", new Wiring("tipping-bucket", Map.of("pin", "27", "pull", "up", "debounce", "50ms", "mmPerTip", "0.2794")),
                    "sound-level", new Wiring("microphone", Map.of("mixer", "USB", "calibration", "120"))));

    /** Every profile this release knows. */
    public static final List<HardwareProfile> ALL = List.of(LAMPPOST_V1);

    public HardwareProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        bySensor = Map.copyOf(bySensor);
    }

    public static Optional<HardwareProfile> named(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The stream as wired in this profile (unchanged when the profile does not know its kind or it names another driver). */
    public StreamConfig apply(StreamConfig s) {
        Wiring w = bySensor.get(s.sensor());
        if (w == null || (s.driver() != null && !s.driver().equals(w.driver()))) {
            return s;
        }
        Map<String, String> settings = new LinkedHashMap<>(w.settings());
        settings.putAll(s.settings());
        return new StreamConfig(s.id(), s.sensor(), w.driver(), s.window(), s.interval(), settings, s.privacy(), s.schedule());
    }
}
