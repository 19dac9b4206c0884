package org.lantaarn.gateway.store;

import java.time.Instant;
import org.lantaarn.protocol.Location;

/**
 * A stored observation or gap not yet marked as published to the twin, with the window (or span) it covers and what
 * the twin copy is enriched with: the node's site, location, runtime and configuration version from its last status
 * birth.
 */
public record PendingTwin(String node, long seq, SequencedEntry.Kind kind, String stream, Instant start, Instant end,
                          String payloadJson, String site, Location location, String runtimeVersion, Long configVersion) {}
