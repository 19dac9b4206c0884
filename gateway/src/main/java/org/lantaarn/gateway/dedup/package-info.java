/**
 * Deduplication by {@code (node, seq)}, the end-to-end idempotency key, and the contiguity rule that decides how far
 * a receipt may reach. Comes after ingest, hands new rows to the store and wakes the twin feed.
 */
package org.lantaarn.gateway.dedup;
