package org.lantaarn.gateway.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PrimitiveIterator;
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
 * The sequenced writes of the SQLite store: storing observations and gaps once per {@code (node, seq)}, the seqs a gap
 * replaces (kept as ranges in {@code dropped_ranges}, one row per range, never one per seq) and the contiguous seq a
 * receipt may cover. A seq inside a stored range counts as present. Runs only on the store's writer thread, inside
 * the transaction the store opened; not thread-safe.
 */
final class SqliteSequencing {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSequencing.class);
    private static final int BATCH = 1000;

    private final Connection c;
    private final JsonCodec codec;

    SqliteSequencing(Connection writeConnection, JsonCodec codec) {
        this.c = writeConnection;
        this.codec = codec;
    }

    SequencedResult store(SequencedEntry entry) throws SQLException {
        // The seqs a gap replaces count as present: one 'dropped' range per run of seqs the gateway never received
        // (never for the twin). The gap's twin copy lists only those, so every seq reaches the twin exactly once: as
        // itself or named by one gap.
        long added = 0;
        SequencedEntry e = entry;
        boolean duplicate = isAccounted(entry.node(), entry.seq());
        if (!duplicate && !entry.replaces().isEmpty()) {
            List<SeqRange> missing = SeqRanges.minus(entry.replaces(), accountedWithin(entry.node(), entry.replaces()));
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO dropped_ranges (node, first_seq, last_seq, gap_seq) VALUES (?, ?, ?, ?)")) {
                for (SeqRange r : missing) {
                    p.setString(1, entry.node());
                    p.setLong(2, r.first());
                    p.setLong(3, r.last());
                    p.setLong(4, entry.seq());
                    p.executeUpdate();
                }
            }
            added = SeqRanges.count(missing);
            if (added != SeqRanges.count(entry.replaces())) {
                e = narrowed(entry, missing);
            }
        }
        int inserted = 0;
        if (!duplicate) {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO sequenced (node, seq, kind, stream, start_ms, end_ms, payload, received_ms) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node, seq) DO NOTHING")) {
                p.setString(1, e.node());
                p.setLong(2, e.seq());
                p.setString(3, e.kind() == SequencedEntry.Kind.OBSERVATION ? "obs" : "gap");
                p.setString(4, e.stream());
                p.setLong(5, e.start().toEpochMilli());
                p.setLong(6, e.end().toEpochMilli());
                p.setString(7, e.payloadJson());
                p.setLong(8, e.receivedAt().toEpochMilli());
                inserted = p.executeUpdate();
            }
        }
        Long first = null;
        Long contiguous = null;
        try (PreparedStatement p = c.prepareStatement("SELECT first_seq, contiguous_seq FROM nodes WHERE node = ?")) {
            p.setString(1, e.node());
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    first = nullableLong(rs, 1);
                    contiguous = nullableLong(rs, 2);
                }
            }
        }
        if (inserted == 0) {
            try (PreparedStatement p = c.prepareStatement("UPDATE nodes SET duplicates = duplicates + 1 WHERE node = ?")) {
                p.setString(1, e.node());
                p.executeUpdate();
            }
            return new SequencedResult(false, contiguous == null ? 0 : contiguous);
        }
        long newContiguous;
        if (first == null) {
            // A node's seqs start at 1. Counting from the first seq this gateway happens to see would receipt (and
            // so delete on the node) the seqs before it that the broker never delivered, for example because the
            // node published before the gateway's session existed. A gateway whose store starts empty in front of
            // running nodes learns where to start from their retained receipts (seedReceipt).
            first = 1L;
            newContiguous = advance(e.node(), 0);
        } else if (e.seq() == contiguous + 1 || added > 0) {
            newContiguous = advance(e.node(), contiguous);
        } else {
            newContiguous = contiguous;
        }
        String counter = e.kind() == SequencedEntry.Kind.OBSERVATION ? "observations" : "gaps";
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE nodes SET first_seq = ?, contiguous_seq = ?, last_seq = MAX(COALESCE(last_seq, 0), ?), "
                        + counter + " = " + counter + " + 1 WHERE node = ?")) {
            p.setLong(1, first);
            p.setLong(2, newContiguous);
            p.setLong(3, e.seq());
            p.setString(4, e.node());
            p.executeUpdate();
        }
        return new SequencedResult(true, newContiguous);
    }

    boolean seedReceipt(String node, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT first_seq, contiguous_seq FROM nodes WHERE node = ?")) {
            p.setString(1, node);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next() && nullableLong(rs, 1) != null) {
                    Long contiguous = nullableLong(rs, 2);
                    return contiguous != null && seq > contiguous && liftContiguous(node, contiguous, seq);
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO nodes (node, first_seq, contiguous_seq, last_seq) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (node) DO UPDATE SET first_seq = excluded.first_seq, "
                        + "contiguous_seq = excluded.contiguous_seq, last_seq = excluded.last_seq")) {
            p.setString(1, node);
            p.setLong(2, seq + 1);
            p.setLong(3, seq);
            p.setLong(4, seq);
            p.executeUpdate();
        }
        LOG.info("node {}: no stored state, starting from its retained receipt at seq {}", node, seq);
        return true;
    }

    /**
     * A retained receipt above what this store has contiguously: a gateway stored everything up to {@code seq}
     * before (this store was replaced, or its first message for the node arrived before the receipt did), so
     * the node has deleted those rows and will never send them again. Waiting for them would stall the node's
     * receipts and twin feed for good; the store moves on from the receipt instead.
     */
    private boolean liftContiguous(String node, long contiguous, long seq) throws SQLException {
        long lifted = advance(node, seq);
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE nodes SET contiguous_seq = ?, last_seq = MAX(COALESCE(last_seq, 0), ?) WHERE node = ?")) {
            p.setLong(1, lifted);
            p.setLong(2, seq);
            p.setString(3, node);
            p.executeUpdate();
        }
        LOG.warn("node {}: its retained receipt says seq {} was stored, this store had everything only up to {}; "
                + "seqs {}..{} are not in this store and will not come again, continuing from {}", node, seq, contiguous,
                contiguous + 1, seq, lifted);
        return true;
    }

    /** Whether {@code seq} is stored as a row or lies in a range a gap replaced. */
    private boolean isAccounted(String node, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM sequenced WHERE node = ? AND seq = ?")) {
            p.setString(1, node);
            p.setLong(2, seq);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return droppedRangeEndingAtOrAfter(node, seq) >= seq;
    }

    /** The last seq of the dropped range that starts at or below {@code seq} (the one that may hold it), or 0. */
    private long droppedRangeEndingAtOrAfter(String node, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT last_seq FROM dropped_ranges WHERE node = ? AND first_seq <= ? ORDER BY first_seq DESC LIMIT 1")) {
            p.setString(1, node);
            p.setLong(2, seq);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** What is already accounted for inside {@code ranges}: stored rows and dropped ranges, ascending and disjoint. */
    private List<SeqRange> accountedWithin(String node, List<SeqRange> ranges) throws SQLException {
        List<SeqRange> out = new ArrayList<>();
        for (SeqRange r : ranges) {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT first_seq, last_seq FROM dropped_ranges WHERE node = ? AND first_seq <= ? AND last_seq >= ?")) {
                p.setString(1, node);
                p.setLong(2, r.last());
                p.setLong(3, r.first());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SeqRange(rs.getLong(1), rs.getLong(2)));
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT seq FROM sequenced WHERE node = ? AND seq BETWEEN ? AND ? ORDER BY seq")) {
                p.setString(1, node);
                p.setLong(2, r.first());
                p.setLong(3, r.last());
                List<Long> seqs = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        seqs.add(rs.getLong(1));
                    }
                }
                out.addAll(SeqRange.of(seqs.stream().mapToLong(Long::longValue).toArray()));
            }
        }
        out.sort(Comparator.comparingLong(SeqRange::first));
        return out;
    }

    /** The gap entry with its replaced seqs narrowed to those the gateway never received. */
    private SequencedEntry narrowed(SequencedEntry gapEntry, List<SeqRange> missing) {
        Decoded d = codec.decode(gapEntry.payloadJson().getBytes(StandardCharsets.UTF_8));
        if (!(d instanceof Decoded.Accepted(Gap g))) {
            throw new StoreException("gap " + gapEntry.node() + "#" + gapEntry.seq() + " does not decode: " + d);
        }
        Gap narrowed = g.withReplaces(missing);
        return new SequencedEntry(gapEntry.node(), gapEntry.seq(), gapEntry.kind(), gapEntry.stream(), gapEntry.start(),
                gapEntry.end(), codec.encodeToString(narrowed), gapEntry.receivedAt(), missing);
    }

    /**
     * Walks the seqs above {@code from} while each is present, as a stored row or inside a dropped range: a range is
     * crossed in one step, rows in batches.
     */
    long advance(String node, long from) throws SQLException {
        long c0 = from;
        while (true) {
            long rangeEnd = droppedRangeEndingAtOrAfter(node, c0 + 1);
            if (rangeEnd >= c0 + 1) {
                c0 = rangeEnd;
                continue;
            }
            List<Long> batch = new ArrayList<>(BATCH);
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT seq FROM sequenced WHERE node = ? AND seq > ? ORDER BY seq LIMIT " + BATCH)) {
                p.setString(1, node);
                p.setLong(2, c0);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        batch.add(rs.getLong(1));
                    }
                }
            }
            PrimitiveIterator.OfLong it = batch.stream().mapToLong(Long::longValue).iterator();
            long next = Contiguity.advance(c0, it);
            if (next == c0) {
                return c0;
            }
            c0 = next;
        }
    }

    /**
     * Moves the one-row-per-seq placeholders of a store written by an earlier version ({@code kind = 'dropped'} rows
     * in {@code sequenced}) into {@code dropped_ranges}, one row per run.
     *
     * @return how many placeholder rows were replaced
     */
    static long migratePlaceholders(Connection c) throws SQLException {
        long moved = 0;
        try (PreparedStatement sel = c.prepareStatement("SELECT node, seq FROM sequenced WHERE kind = 'dropped' ORDER BY node, seq");
             PreparedStatement ins = c.prepareStatement(
                     "INSERT INTO dropped_ranges (node, first_seq, last_seq, gap_seq) VALUES (?, ?, ?, NULL)");
             ResultSet rs = sel.executeQuery()) {
            String node = null;
            long first = 0;
            long last = 0;
            while (rs.next()) {
                String n = rs.getString(1);
                long s = rs.getLong(2);
                moved++;
                if (n.equals(node) && s == last + 1) {
                    last = s;
                    continue;
                }
                if (node != null) {
                    insertRange(ins, node, first, last);
                }
                node = n;
                first = s;
                last = s;
            }
            if (node != null) {
                insertRange(ins, node, first, last);
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM sequenced WHERE kind = 'dropped'")) {
            del.executeUpdate();
        }
        return moved;
    }

    private static void insertRange(PreparedStatement ins, String node, long first, long last) throws SQLException {
        ins.setString(1, node);
        ins.setLong(2, first);
        ins.setLong(3, last);
        ins.executeUpdate();
    }

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
