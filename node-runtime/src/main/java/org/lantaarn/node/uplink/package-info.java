/**
 * The uplink: takes stored rows from the outbox, in seq order, to the broker, announces the node's
 * status, and applies gateway receipts back to the outbox. Transport-neutral; MQTT lives in {@code uplink.mqtt}.
 */
package org.lantaarn.node.uplink;
