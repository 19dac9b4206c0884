/**
 * The MQTT 5 uplink on Eclipse Paho: the only package of the node runtime that imports Paho. A thin transport
 * around {@link org.lantaarn.node.uplink.Delivery}: {@code MqttSession} opens and closes one connection (last
 * will, subscriptions, birth, goodbye), {@code MqttUplink} owns the connection thread and publishes outbox rows at
 * QoS 1 as the delivery rules decide, {@code Receipts} applies the gateway's receipts to the outbox.
 */
package org.lantaarn.node.uplink.mqtt;
