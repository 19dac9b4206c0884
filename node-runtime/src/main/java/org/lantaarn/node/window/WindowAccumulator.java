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
}
