package org.lantaarn.node.sensor;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a driver gets from the runtime: the node id, the clock every timestamp comes from, and a
 * scheduler for polled reads (owned by the runtime; drivers cancel their own tasks on close).
 */
public record DriverContext(String node, Clock clock, ScheduledExecutorService scheduler) {}
