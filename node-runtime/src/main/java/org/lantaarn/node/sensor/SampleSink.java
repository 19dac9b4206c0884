package org.lantaarn.node.sensor;

import java.time.Instant;
import java.util.Map;

/** Where a driver delivers what it reads. Implementations are thread-safe. */
public interface SampleSink {
    /** A numeric reading: value name → value, in the units of the descriptor. */
    void sample(Instant at, Map<String, Double> values);

    /** {@code count} events named {@code name} (a descriptor unit key) happened at {@code at}. */
    void event(Instant at, String name, long count);

    /** A read error or an implausible value; counted and reported in quality flags and health. */
    void fault(Instant at, String reason);

    /**
     * The source's lasting condition changed to {@code flag}, such as {@code source-ended},
     * {@code sensor-absent: open timed out after 10s} or {@code capture-unreadable: ...} (a quality-flag text: a
     * short name, then after ": " the precise reason); {@code null} clears it. Every window the condition touches
     * carries the flag in its quality flags, and health names it as the stream's state. Setting a condition counts
     * as a fault.
     */
    default void condition(Instant at, String flag) {
        if (flag != null) {
            fault(at, flag);
        }
    }

    /**
     * A device was seen at {@code at}, for streams whose descriptor says
     * {@link SensorDescriptor.Aggregation#PRESENCE}. The device is named only by {@code token}, a keyed hash
     * of its address under the key of the epoch that started at {@code keyEpochStart}
     * ({@link org.lantaarn.node.privacy.KeyedTokens}); an address never crosses this interface.
     * Sinks that take no tokens count it as a fault.
     *
     * @param randomised whether the address was locally administered (randomised by the device)
     */
    default void device(Instant at, long token, boolean randomised, Instant keyEpochStart) {
        fault(at, "this stream takes no device tokens");
    }
}
