/**
 * The node runtime's composition root: {@link org.lantaarn.node.NodeRuntime} wires sensor drivers, windows,
 * aggregates, the privacy guard, the outbox, the uplink and health for one node configuration.
 */
package org.lantaarn.node;
