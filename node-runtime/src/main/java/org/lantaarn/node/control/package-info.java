/**
 * Remote configuration: the node's retained {@code config} topic brings a {@code lantaarn.signed-config/1}; this
 * package verifies it (operator key, signature, no replay, size, validity), dry-runs it, swaps the running
 * {@link org.lantaarn.node.NodeRuntime} for one built from it, keeps it on disk, acks or nacks it, and rolls
 * back a configuration that loses the uplink. Comes after the uplink, which hands it the payloads.
 */
package org.lantaarn.node.control;
