package org.lantaarn.node.sensor.bme280;

import java.io.IOException;

/**
 * The registers of one I2C device: all the BME280 driver needs, so that it runs against a fake, against
 * Pi4J's mock I2C provider and against the real bus alike. Not thread-safe: one driver owns it.
 */
public interface RegisterDevice extends AutoCloseable {
    /** Reads one register. */
    int read(int register) throws IOException;

    /** Reads {@code into.length} consecutive registers starting at {@code register} (a burst read). */
    void read(int register, byte[] into) throws IOException;

    /** Writes one register. */
    void write(int register, int value) throws IOException;

    /** Releases the device; never throws. */
    @Override
    void close();
}
