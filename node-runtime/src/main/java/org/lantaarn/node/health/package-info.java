/**
 * Health of the node: per-stream states and fault counters taken where the driver delivers, and the
 * periodic {@code lantaarn.health/1} report sent beside the data flow, straight through the uplink.
 */
package org.lantaarn.node.health;
