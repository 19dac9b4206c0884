/**
 * The driver SPI: a {@link org.lantaarn.node.sensor.SensorDriverProvider} per sensor kind and driver,
 * found through {@link java.util.ServiceLoader}, opens a {@link org.lantaarn.node.sensor.SensorDriver}
 * that pushes samples, events and faults into a {@link org.lantaarn.node.sensor.SampleSink}. What comes
 * next is the window that aggregates them. Simulated sensors are providers like any other.
 */
package org.lantaarn.node.sensor;
