package org.lantaarn.gateway.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.protocol.Status;

/**
 * The fleet view: every node the gateway has heard from, with state, last seen, site, location, configuration,
 * streams, last health and sequence counters. Kept in the store, so every replica sees the same fleet. Thread-safe.
 */
public final class Fleet {
    private final GatewayStore store;

    public Fleet(GatewayStore store) {
        this.store = store;
    }

    /** Records a status birth or death and returns the node as now known. */
    public NodeRecord recordStatus(Status status, Instant receivedAt) {
        return store.storeStatus(status, receivedAt);
    }

    /** Every node, ordered by id. */
    public List<NodeRecord> nodes() {
        return store.nodes();
    }

    public Optional<NodeRecord> node(String node) {
        return store.node(node);
    }

    /**
     * The status to republish for the twin: {@code status} with site and location filled in from what the fleet
     * knows when the node left them out (a last will carries only node and state). Empty while no site is known.
     */
    public static Optional<Status> enrichedStatus(Status status, NodeRecord node) {
        String site = status.site() != null ? status.site() : node.site();
        if (site == null) {
            return Optional.empty();
        }
        return Optional.of(new Status(status.node(), status.state(), status.at(), status.runtimeVersion(),
                status.configVersion(), status.configHash(), site,
                status.location() != null ? status.location() : node.location(), status.streams()));
    }
}
