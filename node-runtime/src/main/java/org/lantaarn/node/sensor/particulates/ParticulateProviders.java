package org.lantaarn.node.sensor.particulates;

import java.nio.file.Path;
import java.util.List;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.Settings;

/**
 * The {@code particulates} drivers on a UART at 9600 8N1. Setting: {@code device} (default
 * {@code /dev/serial0}, the Raspberry Pi's primary UART; a named pipe fed by a serial bridge works too) and
 * {@code openTimeout} (default 10s). A missing device makes the stream {@code sensor-absent}; one that does not
 * open in time is {@code sensor-absent: open timed out after 10s} and tried again; a device that stops talking is
 * retried with backoff. The device is opened and read on the driver's own thread, never on the caller's.
 */
public final class ParticulateProviders {
    public static final String DEFAULT_DEVICE = "/dev/serial0";

    /** The settings of both particulate drivers. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.text("device", "the serial device at 9600 8N1; default " + DEFAULT_DEVICE),
            Settings.OPEN_TIMEOUT_SETTING);

    private ParticulateProviders() {}

    static SensorDriver open(String model, StreamConfig stream, DriverContext context, boolean pms) throws SensorException {
        Path device = Path.of(Settings.text(stream, "device", DEFAULT_DEVICE));
        if (!device.toFile().exists()) {
            throw new SensorException("no " + model + ": serial device " + device + " does not exist");
        }
        return new ParticulateDriver(model, new SerialDevice(device), pms ? Pms5003Parser::new : Sds011Parser::new, context,
                Settings.openTimeout(stream));
    }

    /** {@code particulates} / {@code sds011}: the default particulate driver, a Nova Fitness SDS011. */
    public static final class Sds011 implements SensorDriverProvider {
        @Override
        public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
            return ParticulateDriver.DISCLOSURES;
        }

        @Override
        public String sensor() {
            return "particulates";
        }

        @Override
        public String driver() {
            return "sds011";
        }

        @Override
        public boolean isDefaultForSensor() {
            return true;
        }

        @Override
        public List<Setting> settings() {
            return SETTINGS;
        }

        @Override
        public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
            return ParticulateProviders.open("SDS011", stream, context, false);
        }
    }

    /** {@code particulates} / {@code pms5003}: a Plantower PMS5003 in active mode. */
    public static final class Pms5003 implements SensorDriverProvider {
        @Override
        public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
            return ParticulateDriver.DISCLOSURES;
        }

        @Override
        public String sensor() {
            return "particulates";
        }

        @Override
        public String driver() {
            return "pms5003";
        }

        @Override
        public List<Setting> settings() {
            return SETTINGS;
        }

        @Override
        public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
            return ParticulateProviders.open("PMS5003", stream, context, true);
        }
    }
}
