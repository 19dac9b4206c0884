package org.lantaarn.node.sensor.bme280;

import com.pi4j.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.List;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.Settings;
import org.lantaarn.node.sensor.pi4j.Pi4jContexts;

/**
 * {@code climate} / {@code bme280}, the default climate driver: a Bosch BME280 on I2C through Pi4J. Settings:
 * {@code bus} (default 1), {@code address} (default 0x76; 0x77 when SDO is tied high); the stream's
 * {@code interval} (default 1 s, at least 100 ms).
 */
public final class Bme280Provider implements SensorDriverProvider {
    @Override
    public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
        return Bme280Driver.DISCLOSURES;
    }

    public static final int DEFAULT_BUS = 1;
    public static final int DEFAULT_ADDRESS = 0x76;

    private final Supplier<Context> pi4j;

    /** For {@link java.util.ServiceLoader}: the process's shared Pi4J context. */
    public Bme280Provider() {
        this(Pi4jContexts::shared);
    }

    /** With a given Pi4J context (Pi4J's mock providers in tests). */
    public Bme280Provider(Supplier<Context> pi4j) {
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
    }

    @Override
    public String sensor() {
        return "climate";
    }

    @Override
    public String driver() {
        return "bme280";
    }

    @Override
    public boolean isDefaultForSensor() {
        return true;
    }

    /** The settings this driver reads. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.integer("bus", 0, 255, "the I2C bus number (/dev/i2c-N); default " + DEFAULT_BUS),
            Setting.integer("address", 0x76, 0x77, "0x76 (SDO to ground, the default) or 0x77 (SDO high)"));

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
        int bus = Settings.integer(stream, "bus", DEFAULT_BUS);
        int address = Settings.integer(stream, "address", DEFAULT_ADDRESS);
        if (address != 0x76 && address != 0x77) {
            throw new SensorException("stream " + stream.id() + ": a BME280 answers at address 0x76 or 0x77, not 0x" + Integer.toHexString(address));
        }
        Duration interval = stream.interval() != null ? stream.interval() : Duration.ofSeconds(1);
        String where = String.format("on I2C bus %d at address 0x%02x", bus, address);
        RegisterDevice device;
        try {
            device = Pi4jRegisters.open(pi4j.get(), bus, address);
        } catch (IOException | RuntimeException e) {
            throw new SensorException("no BME280 " + where + ": " + e.getMessage(), e);
        }
        return open(device, where, context, interval);
    }

    /** Opens a driver on any register device (a fake in tests). */
    static SensorDriver open(RegisterDevice device, String where, DriverContext context, Duration interval) throws SensorException {
        try {
            return new Bme280Driver(Bme280.open(device, where), context, interval);
        } catch (SensorException | RuntimeException e) {
            device.close();
            throw e;
        }
    }
}
