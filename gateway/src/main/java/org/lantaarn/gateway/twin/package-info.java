/**
 * The feed to the digital twin: one publisher thread republishes stored observations and gaps, enriched with site,
 * location and metadata, exactly once per {@code (node, seq)} and in seq order per node, and node statuses retained.
 */
package org.lantaarn.gateway.twin;
