package org.lantaarn.node.sensor.gpio;

import java.util.function.Consumer;

/**
 * One digital input pin: its level now and a callback on every change. All the GPIO drivers need, so that
 * they run against Pi4J's mock digital input as on the real pin.
 */
public interface EdgeInput extends AutoCloseable {
    /** The level now: {@code true} for high. */
    boolean high();

    /** Calls {@code listener} with the new level on every change, on the input's own thread. */
    void onChange(Consumer<Boolean> listener);

    /** Stops the callbacks and releases the pin; never throws. */
    @Override
    void close();
}
