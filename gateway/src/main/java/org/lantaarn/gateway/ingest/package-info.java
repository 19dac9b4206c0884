/**
 * First step after the broker: every payload is decoded against its topic by the protocol codec; a rejection is
 * counted and stored, an accepted message goes on to deduplication (observations, gaps), the fleet (status) or the store.
 */
package org.lantaarn.gateway.ingest;
