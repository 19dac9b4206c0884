package org.lantaarn.gateway.store;

/**
 * What storing a sequenced entry did: whether it was new (false: a duplicate of a stored {@code (node, seq)}, nothing
 * written but the duplicate count) and the node's contiguous seq afterwards, which a receipt may cover.
 */
public record SequencedResult(boolean isNew, long contiguousSeq) {}
