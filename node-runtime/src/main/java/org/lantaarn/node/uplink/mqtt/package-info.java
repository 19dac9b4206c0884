/**
 * The MQTT 5 uplink on Eclipse Paho: the only package of the node runtime that imports Paho. Publishes
 * outbox rows at QoS 1 in seq order, the retained status and last will, and receives gateway receipts.
 */
package org.lantaarn.node.uplink.mqtt;
