package org.lantaarn.node.sensor;

import java.util.List;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.config.settings.DriverSettings;

/**
 * Opens drivers for one sensor kind. Registered in {@code META-INF/services/org.lantaarn.node.sensor.SensorDriverProvider}
 * and chosen by the stream's {@code sensor} and {@code driver} settings. Every provider declares the settings it
 * reads ({@link DriverSettings#settings()}) and is registered under
 * {@code META-INF/services/org.lantaarn.config.settings.DriverSettings} too, so that the configuration loader
 * (and {@code lantaarn-config validate}) refuses a setting the driver would not accept before the node runs it.
 */
public interface SensorDriverProvider extends DriverSettings {
    /** The settings this driver reads; none unless the provider declares them, so any setting given is refused. */
    @Override
    default List<Setting> settings() {
        return List.of();
    }

    /**
     * Opens the sensor for a stream. Throws {@link SensorException} when the sensor is absent or
     * refuses to start (wrong chip id, missing device); the stream then reports {@code sensor-absent}.
     */
    SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException;
}
