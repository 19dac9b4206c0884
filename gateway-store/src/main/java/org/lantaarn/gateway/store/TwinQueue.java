package org.lantaarn.gateway.store;

import java.util.List;

/** The twin feed's queue: stored rows not yet published to the twin, released in seq order per node. */
public interface TwinQueue {

    /**
     * Up to {@code limit} rows not yet published to the twin, ordered by node then seq, only of nodes whose site is
     * known and only up to the node's contiguous seq (rows older than its first seq are also released).
     */
    List<PendingTwin> pendingTwin(int limit);

    /** Marks a row as published to the twin, after the broker acknowledged it. */
    void markTwinPublished(String node, long seq);

    /** Marks several rows as published in one transaction (one commit per batch of acknowledgements). */
    default void markTwinPublished(List<TwinKey> keys) {
        keys.forEach(k -> markTwinPublished(k.node(), k.seq()));
    }

    /** The key of a twin row. */
    record TwinKey(String node, long seq) {}
}
