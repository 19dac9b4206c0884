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
