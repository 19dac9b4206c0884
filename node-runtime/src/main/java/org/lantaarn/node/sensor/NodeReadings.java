package org.lantaarn.node.sensor;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * What the node's other streams measured, for a driver whose quality depends on it (particulate
 * sensors overestimate in humid air). Thread-safe.
 */
public interface NodeReadings {
    /** Nothing is known about the node's other streams. */
    NodeReadings NONE = (from, to) -> OptionalDouble.empty();

    /** The mean relative humidity (%RH) measured by the node in {@code [from, to)}, if any stream measured it. */
    OptionalDouble humidity(Instant from, Instant to);
}
