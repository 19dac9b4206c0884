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
    /**
     * Every value a driver of this provider can publish, with its disclosure class and, for person values, its
     * suppression group and sensitivity (with the default privacy settings). A test over every registered provider
     * checks that the declaration is complete; a value a driver publishes without one is dropped at run time and
     * counted as a fault.
     */
    java.util.Map<String, Disclosure> disclosures();

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
