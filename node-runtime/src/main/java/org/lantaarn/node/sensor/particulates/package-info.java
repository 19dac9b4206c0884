/**
 * Particulate drivers (Nova SDS011, Plantower PMS5003) on a UART: frame sync, checksums, counts of what was
 * rejected, and the window summary (mean and max PM2.5 and PM10, flagged {@code rh>75} in humid air).
 * Comes after the serial device and before the stream's windows.
 */
package org.lantaarn.node.sensor.particulates;
