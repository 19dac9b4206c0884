/**
 * The uplink: takes stored rows from the outbox, in seq order, to the broker, announces the node's
 * status, and applies gateway receipts back to the outbox. Transport-neutral: the delivery rules (order,
 * in-flight window, pacing, resend, refusal backoff, rebase after a wiped node) are {@link
 * org.lantaarn.node.uplink.Delivery}, which takes a ticker and returns decisions; MQTT lives in {@code uplink.mqtt}.
 */
package org.lantaarn.node.uplink;
