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
}
