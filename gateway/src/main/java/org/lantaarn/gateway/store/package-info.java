/**
 * The gateway's durable state behind {@link org.lantaarn.gateway.store.GatewayStore}: sequenced messages with their
 * twin mark, nodes, health, config acks and rejections. Implementations keep every SQL-ism inside themselves.
 */
package org.lantaarn.gateway.store;
