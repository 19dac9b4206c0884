/**
 * What settings each sensor driver accepts, declared by the driver itself through the {@link
 * org.lantaarn.config.settings.DriverSettings} service interface and checked where the settings are written:
 * the configuration loader (so {@code lantaarn-config validate}, the node's own loading and a pushed
 * configuration) refuses unknown keys, wrong types and out-of-range values with their paths. Comes before the
 * node runtime, whose driver providers implement the interface.
 */
package org.lantaarn.config.settings;
