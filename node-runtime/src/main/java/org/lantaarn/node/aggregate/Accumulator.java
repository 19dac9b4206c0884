package org.lantaarn.node.aggregate;

import org.lantaarn.node.window.Window;
import org.lantaarn.node.window.WindowAccumulator;

/** What one window of one stream gathers, and how it becomes a {@link WindowAggregate}. Created by an {@link Aggregator}. */
public sealed interface Accumulator extends WindowAccumulator
        permits NumericAccumulator, CounterAccumulator, SummaryAccumulator, PresenceAccumulator {
    /** Quality flag: at least one read error or implausible value in the window. */
    String SENSOR_FAULT = "sensor-fault";
    /** Quality flag: no numeric sample arrived in the window. */
    String NO_SAMPLES = "no-samples";
    /** Quality flag: the stream started after the window's start. */
    String PARTIAL_WINDOW = "partial-window";

    /** Samples (or event deliveries) gathered so far. */
    long samples();

    /** Faults gathered so far. */
    long faults();

    /** The values of the window, once it has closed. */
    WindowAggregate complete(Window window, boolean partial);
}
