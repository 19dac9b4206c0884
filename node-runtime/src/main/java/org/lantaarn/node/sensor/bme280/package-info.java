/**
 * The Bosch BME280 climate driver: chip id check, calibration, forced-mode reads and the datasheet's
 * integer compensation, behind a {@link org.lantaarn.node.sensor.bme280.RegisterDevice}; only
 * {@code Pi4jRegisters} touches Pi4J. Comes before the stream's windows (mean, min, max).
 */
package org.lantaarn.node.sensor.bme280;
