package org.lantaarn.gateway.store;

import org.lantaarn.protocol.Location;

/**
 * A stored observation or gap not yet marked as published to the twin, with what the twin copy is enriched with:
 * the node's site, location, runtime and configuration version from its last status birth.
 */
public record PendingTwin(String node, long seq, SequencedEntry.Kind kind, String stream, String payloadJson,
                          String site, Location location, String runtimeVersion, Long configVersion) {}
