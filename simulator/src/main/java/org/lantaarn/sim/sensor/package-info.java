/**
 * Virtual sensors: driver providers (driver name {@code simulated}) that produce plausible readings
 * with a daily pattern, noise and occasional faults, and events at a Poisson rate that follows the
 * time of day. The node runtime finds them through ServiceLoader like any hardware driver.
 */
package org.lantaarn.sim.sensor;
