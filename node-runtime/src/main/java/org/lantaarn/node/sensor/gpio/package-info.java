/**
 * GPIO drivers: motion (PIR or radar; debounce, hold time as dead time, events and occupied fraction) and
 * rain (tipping bucket; debounce, rainfall and peak intensity), behind an
 * {@link org.lantaarn.node.sensor.gpio.EdgeInput}; only {@code Pi4jEdgeInput} touches Pi4J. Comes before
 * the stream's windows, which the drivers summarise themselves.
 */
package org.lantaarn.node.sensor.gpio;
