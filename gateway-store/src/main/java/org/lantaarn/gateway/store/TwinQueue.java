package org.lantaarn.gateway.store;

import java.time.Instant;
import java.util.List;

/** The twin feed's queue: stored rows not yet published to the twin, released in seq order per node. */
public interface TwinQueue {

    /**
     * Up to {@code limit} rows not yet published to the twin, ordered by node then seq, only of nodes whose site is
     * known and only up to the node's contiguous seq (rows older than its first seq are also released).
     */
    List<PendingTwin> pendingTwin(int limit);

    /**
     * As {@link #pendingTwin(int)}, only of nodes {@code owned} says this gateway publishes for. The default filters
     * in Java (enough for a single gateway, which owns every node); a shared store filters in its query.
     */
    default List<PendingTwin> pendingTwin(int limit, NodeOwnership owned) {
        if (owned.ownsAll()) {
            return pendingTwin(limit);
        }
        return pendingTwin(limit).stream().filter(p -> owned.owns(p.node())).toList();
    }

    /**
     * One round of the twin feed: up to {@code limit} pending, released rows (as {@link #pendingTwin(int)}) of nodes
     * {@code owned} says this gateway publishes for, at most {@code perNode} of each node (its lowest seqs, in seq
     * order), the nodes in order after {@code after} first and then, wrapping around, from the first node up to and
     * including {@code after} ({@code null}: from the first node). Passing the last node of one round as
     * {@code after} of the next takes every node in turn, so a round holds many nodes and no node's backlog holds up
     * the others. Cheap at any queue length: per node only the rows returned are read.
     */
    List<PendingTwin> pendingTwinRound(int limit, int perNode, String after, NodeOwnership owned);

    /** Marks a row as published to the twin, after the broker acknowledged it. */
    void markTwinPublished(String node, long seq);

    /** Marks several rows as published now, in one transaction (one commit per batch of acknowledgements). */
    default void markTwinPublished(List<TwinKey> keys) {
        markTwinPublished(keys, Instant.now());
    }

    /** Marks several rows as published at {@code at}, in one transaction. */
    void markTwinPublished(List<TwinKey> keys, Instant at);

    /**
     * Makes the rows marked published at or after {@code since} pending again, so they are published again: the
     * broker that acknowledged them lost its state before it saved them (a restart from an older autosave).
     * Consumers deduplicate by {@code (node, seq)}; the copies are byte-identical.
     *
     * @return how many rows became pending again
     */
    long unmarkTwinPublishedSince(Instant since);

    /** The key of a twin row. */
    record TwinKey(String node, long seq) {}
}
