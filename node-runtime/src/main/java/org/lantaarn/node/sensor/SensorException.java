package org.lantaarn.node.sensor;

/** A sensor cannot be opened: absent, wrong chip, bus error. The message says which, for the technician. */
public class SensorException extends Exception {
    public SensorException(String message) {
        super(message);
    }

    public SensorException(String message, Throwable cause) {
        super(message, cause);
    }
}
