package org.lantaarn.gateway.store.rules;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.lantaarn.gateway.dedup.Contiguity;
import org.lantaarn.gateway.dedup.SeqRanges;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.gateway.store.StoreException;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.SeqRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequencing rules, once for every backend: an entry is stored once per {@code (node, seq)}; the seqs a gap
 * replaces count as present (as ranges, never one row per seq) and the gap's twin copy is narrowed to the windows
 * that never arrived — its {@code replaces}, {@code windows}, {@code from} and {@code to}; the contiguous seq is the
 * highest seq up to which every seq from the node's first is present. Thread-safe (holds no state); each call runs
 * inside the caller's transaction on {@code rows}.
 */
public final class Sequencing {
    private static final Logger LOG = LoggerFactory.getLogger(Sequencing.class);
    private static final int BATCH = 1000;

    private final JsonCodec codec;

    public Sequencing(JsonCodec codec) {
        this.codec = codec;
    }

    /** Stores {@code entry} unless it is accounted for already, and advances the node's contiguous seq. */
    public SequencedResult store(SequencedRows rows, SequencedEntry entry) throws SQLException {
        String node = entry.node();
        SequencedRows.NodeSeq st = rows.lockNode(node, entry.receivedAt());
        // No row lies above the node's last seq: a seq past it (the usual next one) needs no look-up of rows, which on
        // a store partitioned by time is one look-up per partition.
        long noRowAbove = st.lastSeq() == null ? Long.MAX_VALUE : st.lastSeq();
        boolean duplicate = isAccounted(rows, node, entry.seq(), noRowAbove);
        long added = 0;
        SequencedEntry e = entry;
        if (!duplicate && !entry.replaces().isEmpty()) {
            List<SeqRange> missing = SeqRanges.minus(entry.replaces(), accountedWithin(rows, node, entry.replaces()));
            for (SeqRange r : missing) {
                rows.insertDropped(node, r, entry.seq());
            }
            added = SeqRanges.count(missing);
            if (added != SeqRanges.count(entry.replaces())) {
                e = narrowed(rows, entry, missing);
            }
        }
        // The gap's own seq still reaches the twin, so that every seq is accounted for there (as itself or in a gap).
        boolean inserted = !duplicate && rows.insertRow(e, false);
        long contiguous = st.contiguousSeq() == null ? 0 : st.contiguousSeq();
        if (!inserted) {
            rows.countDuplicate(node);
            return new SequencedResult(false, contiguous);
        }
        long first;
        long newContiguous;
        long bound = Math.max(noRowAbove, e.seq());
        // The walk starts at the new row when it is the next seq: it is stored, and is not looked up again.
        long from = e.seq() == contiguous + 1 ? e.seq() : contiguous;
        if (st.firstSeq() == null) {
            // A node's seqs start at 1. Counting from the first seq this gateway happens to see would receipt (and so
            // delete on the node) the seqs before it that the broker never delivered. A gateway whose store starts
            // empty in front of running nodes learns where to start from their retained receipts (seedReceipt).
            first = 1;
            newContiguous = advance(rows, node, from, bound);
        } else {
            first = st.firstSeq();
            newContiguous = e.seq() == contiguous + 1 || added > 0 ? advance(rows, node, from, bound) : contiguous;
        }
        rows.recordStored(node, first, newContiguous, e.seq(), e.kind());
        return new SequencedResult(true, newContiguous);
    }

    /**
     * A retained receipt: for a node without a seq on record, counting starts after {@code seq}; for a node whose
     * contiguous seq is below it, the store moves on from the receipt (a gateway stored everything up to it before,
     * so the node deleted those rows and will never send them again).
     *
     * @return whether the receipt was used
     */
    public boolean seedReceipt(SequencedRows rows, String node, long seq) throws SQLException {
        SequencedRows.NodeSeq st = rows.lockNode(node, null);
        if (st.firstSeq() != null) {
            Long contiguous = st.contiguousSeq();
            if (contiguous == null || seq <= contiguous) {
                return false;
            }
            long lifted = advance(rows, node, seq, st.lastSeq() == null ? Long.MAX_VALUE : st.lastSeq());
            rows.lift(node, lifted, seq);
            LOG.warn("node {}: its retained receipt says seq {} was stored, this store had everything only up to {}; "
                    + "seqs {}..{} are not in this store and will not come again, continuing from {}", node, seq, contiguous,
                    contiguous + 1, seq, lifted);
            return true;
        }
        rows.seed(node, seq + 1, seq, seq);
        LOG.info("node {}: no stored state, starting from its retained receipt at seq {}", node, seq);
        return true;
    }

    /** Whether {@code seq} is stored as a row or lies in a range a gap replaced; no row lies above {@code noRowAbove}. */
    private static boolean isAccounted(SequencedRows rows, String node, long seq, long noRowAbove) throws SQLException {
        return seq <= noRowAbove && rows.rowExists(node, seq) || rows.droppedRangeEnd(node, seq) >= seq;
    }

    /** What is already accounted for inside {@code ranges}: stored rows and dropped ranges, ascending and disjoint. */
    private static List<SeqRange> accountedWithin(SequencedRows rows, String node, List<SeqRange> ranges)
            throws SQLException {
        List<SeqRange> out = new ArrayList<>();
        for (SeqRange r : ranges) {
            out.addAll(rows.droppedRangesOverlapping(node, r));
            long from = r.first();
            while (from <= r.last()) {
                long[] seqs = rows.storedSeqs(node, from, r.last(), BATCH);
                out.addAll(SeqRange.of(seqs));
                if (seqs.length < BATCH) {
                    break;
                }
                from = seqs[seqs.length - 1] + 1;
            }
        }
        out.sort(Comparator.comparingLong(SeqRange::first));
        return out;
    }

    /**
     * The gap narrowed to the seqs the gateway never received: {@code replaces} and {@code windows} to those seqs,
     * {@code from} and {@code to} past the windows that did arrive just before and after them.
     */
    private SequencedEntry narrowed(SequencedRows rows, SequencedEntry gapEntry, List<SeqRange> missing)
            throws SQLException {
        Decoded d = codec.decode(gapEntry.payloadJson().getBytes(StandardCharsets.UTF_8));
        if (!(d instanceof Decoded.Accepted(Gap g))) {
            throw new StoreException("gap " + gapEntry.node() + "#" + gapEntry.seq() + " does not decode: " + d);
        }
        Instant from = g.from();
        Instant to = g.to();
        if (missing.isEmpty()) {
            // Every window it names arrived. The protocol has no gap of zero windows: the twin copy keeps its seq,
            // replaces nothing and spans nothing (to = from), and says 1 window.
            Gap empty = new Gap(g.node(), g.stream(), g.seq(), from, from, 1, g.reason(), List.of());
            return new SequencedEntry(gapEntry.node(), gapEntry.seq(), gapEntry.kind(), gapEntry.stream(), from, from,
                    codec.encodeToString(empty), gapEntry.receivedAt(), List.of());
        }
        long firstMissing = missing.getFirst().first();
        long lastMissing = missing.getLast().last();
        if (firstMissing > g.replaces().getFirst().first()) {
            SequencedRows.Span before = rows.span(g.node(), firstMissing - 1);
            if (before != null && before.end().isAfter(from) && !before.end().isAfter(to)) {
                from = before.end();
            }
        }
        if (lastMissing < g.replaces().getLast().last()) {
            SequencedRows.Span after = rows.span(g.node(), lastMissing + 1);
            if (after != null && after.start().isBefore(to) && !after.start().isBefore(from)) {
                to = after.start();
            }
        }
        long arrived = g.replacedCount() - SeqRanges.count(missing);
        Gap narrowed = new Gap(g.node(), g.stream(), g.seq(), from, to, Math.max(1, g.windows() - arrived), g.reason(),
                missing);
        return new SequencedEntry(gapEntry.node(), gapEntry.seq(), gapEntry.kind(), gapEntry.stream(), from, to,
                codec.encodeToString(narrowed), gapEntry.receivedAt(), missing);
    }

    /**
     * Walks the seqs above {@code from} while each is present, as a stored row or inside a dropped range: a range is
     * crossed in one step, rows in batches.
     */
    public static long advance(SequencedRows rows, String node, long from) throws SQLException {
        return advance(rows, node, from, Long.MAX_VALUE);
    }

    /** As {@link #advance(SequencedRows, String, long)}, knowing that no row lies above {@code noRowAbove}. */
    static long advance(SequencedRows rows, String node, long from, long noRowAbove) throws SQLException {
        long c = from;
        while (true) {
            long rangeEnd = rows.droppedRangeEnd(node, c + 1);
            if (rangeEnd >= c + 1) {
                c = rangeEnd;
                continue;
            }
            if (c >= noRowAbove) {
                return c;
            }
            long[] batch = rows.storedSeqs(node, c + 1, noRowAbove, BATCH);
            long next = Contiguity.advance(c, Arrays.stream(batch).iterator());
            if (next == c) {
                return c;
            }
            c = next;
        }
    }
}
