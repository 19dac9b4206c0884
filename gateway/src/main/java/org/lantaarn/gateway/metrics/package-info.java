/**
 * The gateway's Prometheus metrics ({@code /metrics}): what ingest received, stored and rejected, how long storing
 * took, how far the twin feed lags, and per node the age of its last message and the outbox its health reports.
 * Fed by ingest (before) and read by the HTTP API (after).
 */
package org.lantaarn.gateway.metrics;
