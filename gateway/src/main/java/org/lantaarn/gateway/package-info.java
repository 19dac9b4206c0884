/**
 * The gateway's composition root: {@link org.lantaarn.gateway.Gateway} wires ingest, deduplication,
 * store, fleet, receipts, twin feed, HTTP API and (optionally) an embedded broker from a {@link org.lantaarn.gateway.GatewayConfig}.
 */
package org.lantaarn.gateway;
