/**
 * The gateway's durable state as a contract: one interface per aggregate (sequenced observations and gaps, fleet,
 * health, rollout, rejections, twin queue, audit anchor), joined in {@link org.lantaarn.gateway.store.GatewayStore}.
 * Backends (SQLite in the gateway, PostgreSQL in {@code lantaarn-gateway-postgres}) share their SQL where the two
 * databases agree ({@link org.lantaarn.gateway.store.jdbc}, with a dialect for the few words they spell differently)
 * and keep the rest inside themselves; the sequencing rules are in {@link org.lantaarn.gateway.store.rules}.
 */
package org.lantaarn.gateway.store;
