package org.lantaarn.node.sensor.bme280;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.io.IOException;

/** {@link RegisterDevice} over a Pi4J I2C device: the only BME280 class that touches Pi4J. */
final class Pi4jRegisters implements RegisterDevice {
    private final I2C i2c;

    private Pi4jRegisters(I2C i2c) {
        this.i2c = i2c;
    }

    /** Wraps an I2C device that is already open (Pi4J's mock I2C in tests). */
    static Pi4jRegisters wrap(I2C i2c) {
        return new Pi4jRegisters(i2c);
    }

    /** Opens {@code address} on I2C bus {@code bus} with the context's default I2C provider. */
    static Pi4jRegisters open(Context context, int bus, int address) throws IOException {
        try {
            I2C i2c = context.create(I2C.newConfigBuilder(context)
                    .id("bme280-" + bus + "-" + Integer.toHexString(address))
                    .bus(bus).device(address).build());
            return new Pi4jRegisters(i2c);
        } catch (RuntimeException e) {
            throw new IOException("cannot open I2C bus " + bus + " address 0x" + Integer.toHexString(address) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int read(int register) throws IOException {
        try {
            int v = i2c.readRegister(register);
            if (v < 0) {
                throw new IOException("I2C read of register 0x" + Integer.toHexString(register) + " failed: " + v);
            }
            return v & 0xFF;
        } catch (RuntimeException e) {
            throw new IOException("I2C read of register 0x" + Integer.toHexString(register) + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void read(int register, byte[] into) throws IOException {
        try {
            int n = i2c.readRegister(register, into, 0, into.length);
            if (n != into.length) {
                throw new IOException("I2C burst read at 0x" + Integer.toHexString(register) + " gave " + n + " of " + into.length + " bytes");
            }
        } catch (RuntimeException e) {
            throw new IOException("I2C burst read at 0x" + Integer.toHexString(register) + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(int register, int value) throws IOException {
        try {
            i2c.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw new IOException("I2C write of register 0x" + Integer.toHexString(register) + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            i2c.close();
        } catch (RuntimeException e) {
            // closing a bus that is gone is not worth a failure
        }
    }
}
