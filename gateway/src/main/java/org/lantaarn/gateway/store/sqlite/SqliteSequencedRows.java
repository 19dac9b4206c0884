package org.lantaarn.gateway.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.rules.SequencedRows;
import org.lantaarn.protocol.SeqRange;

/**
 * The rows behind {@link org.lantaarn.gateway.store.rules.Sequencing} in SQLite: {@code sequenced} (one row per
 * stored observation or gap), {@code dropped_ranges} (seqs a gap replaced, one row per run) and the seq columns of
 * {@code nodes}. Runs only on the store's writer thread, inside the transaction the store opened (the one writer
 * is the lock); not thread-safe.
 */
final class SqliteSequencedRows implements SequencedRows {
    private final Connection c;

    SqliteSequencedRows(Connection writeConnection) {
        this.c = writeConnection;
    }

    @Override
    public NodeSeq lockNode(String node, Instant seen) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(seen == null
                ? "INSERT INTO nodes (node) VALUES (?) ON CONFLICT (node) DO NOTHING"
                : "INSERT INTO nodes (node, last_seen) VALUES (?, ?) ON CONFLICT (node) DO UPDATE "
                        + "SET last_seen = MAX(COALESCE(last_seen, 0), excluded.last_seen)")) {
            p.setString(1, node);
            if (seen != null) {
                p.setLong(2, seen.toEpochMilli());
            }
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("SELECT first_seq, contiguous_seq FROM nodes WHERE node = ?")) {
            p.setString(1, node);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new NodeSeq(nullableLong(rs, 1), nullableLong(rs, 2));
            }
        }
    }

    @Override
    public boolean rowExists(String node, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM sequenced WHERE node = ? AND seq = ?")) {
            p.setString(1, node);
            p.setLong(2, seq);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public Span span(String node, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT start_ms, end_ms FROM sequenced WHERE node = ? AND seq = ?")) {
            p.setString(1, node);
            p.setLong(2, seq);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? new Span(Instant.ofEpochMilli(rs.getLong(1)), Instant.ofEpochMilli(rs.getLong(2))) : null;
            }
        }
    }

    @Override
    public long droppedRangeEnd(String node, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT last_seq FROM dropped_ranges WHERE node = ? AND first_seq <= ? ORDER BY first_seq DESC LIMIT 1")) {
            p.setString(1, node);
            p.setLong(2, seq);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public List<SeqRange> droppedRangesOverlapping(String node, SeqRange r) throws SQLException {
        List<SeqRange> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT first_seq, last_seq FROM dropped_ranges "
                + "WHERE node = ? AND first_seq <= ? AND last_seq >= ? ORDER BY first_seq")) {
            p.setString(1, node);
            p.setLong(2, r.last());
            p.setLong(3, r.first());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new SeqRange(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return out;
    }

    @Override
    public long[] storedSeqs(String node, long from, long to, int limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT seq FROM sequenced WHERE node = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?")) {
            p.setString(1, node);
            p.setLong(2, from);
            p.setLong(3, to);
            p.setInt(4, limit);
            try (ResultSet rs = p.executeQuery()) {
                long[] out = new long[limit];
                int n = 0;
                while (rs.next()) {
                    out[n++] = rs.getLong(1);
                }
                return java.util.Arrays.copyOf(out, n);
            }
        }
    }

    @Override
    public void insertDropped(String node, SeqRange r, long gapSeq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO dropped_ranges (node, first_seq, last_seq, gap_seq) VALUES (?, ?, ?, ?)")) {
            p.setString(1, node);
            p.setLong(2, r.first());
            p.setLong(3, r.last());
            p.setLong(4, gapSeq);
            p.executeUpdate();
        }
    }

    @Override
    public boolean insertRow(SequencedEntry e, boolean twinDone) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO sequenced (node, seq, kind, stream, start_ms, end_ms, payload, received_ms, twin_published) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node, seq) DO NOTHING")) {
            p.setString(1, e.node());
            p.setLong(2, e.seq());
            p.setString(3, e.kind() == SequencedEntry.Kind.OBSERVATION ? "obs" : "gap");
            p.setString(4, e.stream());
            p.setLong(5, e.start().toEpochMilli());
            p.setLong(6, e.end().toEpochMilli());
            p.setString(7, e.payloadJson());
            p.setLong(8, e.receivedAt().toEpochMilli());
            p.setInt(9, twinDone ? 1 : 0);
            return p.executeUpdate() > 0;
        }
    }

    @Override
    public void countDuplicate(String node) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE nodes SET duplicates = duplicates + 1 WHERE node = ?")) {
            p.setString(1, node);
            p.executeUpdate();
        }
    }

    @Override
    public void recordStored(String node, long firstSeq, long contiguousSeq, long seq, SequencedEntry.Kind kind)
            throws SQLException {
        String counter = kind == SequencedEntry.Kind.OBSERVATION ? "observations" : "gaps";
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE nodes SET first_seq = ?, contiguous_seq = ?, last_seq = MAX(COALESCE(last_seq, 0), ?), "
                        + counter + " = " + counter + " + 1 WHERE node = ?")) {
            p.setLong(1, firstSeq);
            p.setLong(2, contiguousSeq);
            p.setLong(3, seq);
            p.setString(4, node);
            p.executeUpdate();
        }
    }

    @Override
    public void seed(String node, long firstSeq, long contiguousSeq, long lastSeq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE nodes SET first_seq = ?, contiguous_seq = ?, last_seq = ? WHERE node = ?")) {
            p.setLong(1, firstSeq);
            p.setLong(2, contiguousSeq);
            p.setLong(3, lastSeq);
            p.setString(4, node);
            p.executeUpdate();
        }
    }

    @Override
    public void lift(String node, long contiguousSeq, long lastSeqAtLeast) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE nodes SET contiguous_seq = ?, last_seq = MAX(COALESCE(last_seq, 0), ?) WHERE node = ?")) {
            p.setLong(1, contiguousSeq);
            p.setLong(2, lastSeqAtLeast);
            p.setString(3, node);
            p.executeUpdate();
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
