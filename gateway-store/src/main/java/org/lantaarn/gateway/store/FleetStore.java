package org.lantaarn.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lantaarn.protocol.Status;

/** The fleet: one record per node with its last status, site, location and counters. */
public interface FleetStore {

    /** Stores a status: a birth updates state, site, location, configuration and streams; a death only the state. */
    NodeRecord storeStatus(Status status, Instant receivedAt);

    /** Every node, ordered by id. */
    List<NodeRecord> nodes();

    Optional<NodeRecord> node(String node);
}
