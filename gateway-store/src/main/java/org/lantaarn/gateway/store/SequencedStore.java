package org.lantaarn.gateway.store;

import java.time.Instant;
import java.util.List;

/**
 * Sequenced observations and gaps: stored once per {@code (node, seq)}, with the seqs a gap replaces and each node's
 * contiguous seq (what a receipt may cover). The rules live once in {@link org.lantaarn.gateway.store.rules.Sequencing};
 * a backend only keeps the rows. Every write is durable when the method returns.
 */
public interface SequencedStore {

    /**
     * Stores an observation or gap unless {@code (node, seq)} is already stored, and advances the node's contiguous
     * seq, in one transaction. A duplicate only increments the node's duplicate count.
     */
    SequencedResult storeSequenced(SequencedEntry entry);

    /**
     * Stores several entries in one transaction (group commit): the result of each, in order, as if stored one by
     * one. Durable when this returns; nothing of the batch is stored when it throws.
     */
    default List<SequencedResult> storeSequenced(List<SequencedEntry> entries) {
        return entries.stream().map(this::storeSequenced).toList();
    }

    /**
     * A retained receipt for a node the store knows nothing about (a gateway whose store starts empty in front of
     * running nodes): everything up to {@code seq} was stored by an earlier store, so counting starts after it.
     * Does nothing once the node has a seq on record.
     *
     * @return true when the receipt was used
     */
    boolean seedReceipt(String node, long seq);

    /** Wire JSON of a stream's observations whose window starts in {@code [from, to)}, in seq order, at most {@code limit}. */
    List<String> observations(String node, String stream, Instant from, Instant to, int limit);

    /**
     * Deletes observations and gaps received before {@code before} that the twin already has and that lie at or
     * below their node's contiguous seq (so receipts and the twin feed never need them again). A store may keep rows
     * in units of time (PostgreSQL: one partition per day of reception) and remove them a unit at a time, once the
     * whole unit was received before {@code before}; it never removes a row received at or after {@code before}.
     *
     * @return how many rows were deleted
     */
    long pruneSequenced(Instant before);

    /**
     * Prepares storage for the rows of the coming days ahead of time (PostgreSQL creates the day partitions), so that
     * no write waits for it; called now and then by the pruner. The default does nothing.
     */
    default void prepareAhead(Instant now) {}
}
