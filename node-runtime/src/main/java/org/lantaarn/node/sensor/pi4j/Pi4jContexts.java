package org.lantaarn.node.sensor.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;

/**
 * The process's one Pi4J context for the hardware drivers, created on first use with the providers Pi4J
 * detects (linuxfs for I2C, gpiod for GPIO on a Raspberry Pi). Off a Pi, Pi4J logs harmless errors
 * about {@code /proc/device-tree}; opening a bus then fails and the stream reports {@code sensor-absent}.
 */
public final class Pi4jContexts {
    private static Context shared;

    private Pi4jContexts() {}

    /** The shared context; never shut down before the process ends. */
    public static synchronized Context shared() {
        if (shared == null) {
            shared = Pi4J.newAutoContext();
        }
        return shared;
    }
}
