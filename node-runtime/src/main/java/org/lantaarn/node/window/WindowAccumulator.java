package org.lantaarn.node.window;

import java.time.Instant;
import java.util.Map;

/**
 * What one open window gathers. A {@link TumblingWindows} creates one per window and calls it under its
 * own lock, so implementations need no synchronisation of their own.
 */
public interface WindowAccumulator {
    void sample(Instant at, Map<String, Double> values);

    void event(Instant at, String name, long count);

    void fault(Instant at, String reason);

    /** A device seen, by its keyed token ({@link org.lantaarn.node.sensor.SampleSink#device}); a fault unless overridden. */
    default void device(Instant at, long token, boolean randomised, Instant keyEpochStart) {
        fault(at, "this window takes no device tokens");
    }
}
