package org.lantaarn.config.settings;

import java.util.List;
import java.util.Map;

/**
 * The service interface through which a sensor driver declares the settings it reads, so that a configuration
 * is checked where it is written, not when the node opens the sensor. The node runtime's driver providers
 * implement it (its {@code SensorDriverProvider} extends this interface) and are registered under
 * {@code META-INF/services/org.lantaarn.config.settings.DriverSettings} as well as under their own interface;
 * {@link DriverCatalog#installed()} finds them with {@link java.util.ServiceLoader}.
 */
public interface DriverSettings {
    /** The sensor kind this driver reads, for example {@code sound-level}. */
    String sensor();

    /** The driver name, for example {@code microphone} or {@code simulated}. */
    String driver();

    /** True when this driver is the one used for its kind when a stream names no driver. */
    default boolean isDefaultForSensor() {
        return false;
    }

    /** Every setting this driver reads; a key not listed here is refused. */
    List<Setting> settings();

    /**
     * Rules across settings, checked after each value passed its own {@link Setting#problem(String)}: a map from
     * the setting a problem belongs to, to the problem. {@code values} holds only declared, well-formed settings.
     */
    default Map<String, String> crossCheck(Map<String, String> values) {
        return Map.of();
    }
}
