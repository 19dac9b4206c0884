package org.lantaarn.node.sensor;

import org.lantaarn.config.StreamConfig;

/**
 * Opens drivers for one sensor kind. Registered in {@code META-INF/services/org.lantaarn.node.sensor.SensorDriverProvider}
 * and chosen by the stream's {@code sensor} and {@code driver} settings.
 */
public interface SensorDriverProvider {
    /** The sensor kind this provider reads, for example {@code climate}. */
    String sensor();

    /** The driver name, for example {@code bme280} or {@code simulated}. */
    String driver();

    /**
     * Every value a driver of this provider can publish, with its disclosure class and, for person values, its
     * suppression group and sensitivity (with the default privacy settings). A test over every registered provider
     * checks that the declaration is complete; a value a driver publishes without one is dropped at run time and
     * counted as a fault.
     */
    java.util.Map<String, Disclosure> disclosures();

    /** True when this provider is the one used for its kind when a stream names no driver. */
    default boolean isDefaultForSensor() {
        return false;
    }

    /**
     * Opens the sensor for a stream. Throws {@link SensorException} when the sensor is absent or
     * refuses to start (wrong chip id, missing device); the stream then reports {@code sensor-absent}.
     */
    SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException;
}
