package org.lantaarn.gateway.store.rules;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.protocol.SeqRange;

/**
 * Row access that {@link Sequencing} needs from a backend, all inside one open transaction of the caller's. No rule
 * lives here: each method reads or writes rows exactly as named. Not thread-safe: one transaction, one thread.
 */
public interface SequencedRows {

    /**
     * A node's sequencing state; all null before its first seq. {@code lastSeq} is the highest seq stored or
     * receipted: no row of the node has a higher one (null only in a store written before it was kept: unknown).
     */
    record NodeSeq(Long firstSeq, Long contiguousSeq, Long lastSeq) {}

    /** The window (or span) a stored row covers. */
    record Span(Instant start, Instant end) {}

    /**
     * Creates the node's row if missing, raises its last-seen time to {@code seen} (when given) and locks the row
     * until the transaction ends, so that concurrent writers (replicas) sequence one node one at a time.
     */
    NodeSeq lockNode(String node, Instant seen) throws SQLException;

    /** Whether {@code (node, seq)} is stored as a row. */
    boolean rowExists(String node, long seq) throws SQLException;

    /** The span of the stored row {@code (node, seq)}, or null when there is none. */
    Span span(String node, long seq) throws SQLException;

    /** The last seq of the dropped range with the greatest first seq at or below {@code seq}, or 0 when none. */
    long droppedRangeEnd(String node, long seq) throws SQLException;

    /** Dropped ranges that overlap {@code r}, ascending. */
    List<SeqRange> droppedRangesOverlapping(String node, SeqRange r) throws SQLException;

    /** Stored row seqs in {@code [from, to]}, ascending, at most {@code limit}. */
    long[] storedSeqs(String node, long from, long to, int limit) throws SQLException;

    /** Records seqs a gap replaced and the gateway never received. */
    void insertDropped(String node, SeqRange r, long gapSeq) throws SQLException;

    /**
     * Inserts the row unless {@code (node, seq)} exists; {@code twinDone} inserts it already marked as published to
     * the twin (a gap whose windows all arrived: the twin has nothing to learn from it).
     *
     * @return whether a row was inserted
     */
    boolean insertRow(SequencedEntry entry, boolean twinDone) throws SQLException;

    /** Adds one to the node's duplicate count. */
    void countDuplicate(String node) throws SQLException;

    /** After a new row: sets first and contiguous seq, raises the last seq to {@code seq}, counts the row's kind. */
    void recordStored(String node, long firstSeq, long contiguousSeq, long seq, SequencedEntry.Kind kind)
            throws SQLException;

    /** Sets first, contiguous and last seq as a retained receipt says. */
    void seed(String node, long firstSeq, long contiguousSeq, long lastSeq) throws SQLException;

    /** Sets the contiguous seq and raises the last seq to at least {@code lastSeqAtLeast}. */
    void lift(String node, long contiguousSeq, long lastSeqAtLeast) throws SQLException;
}
