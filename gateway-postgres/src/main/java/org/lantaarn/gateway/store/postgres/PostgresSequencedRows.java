package org.lantaarn.gateway.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.rules.SequencedRows;
import org.lantaarn.protocol.SeqRange;

/**
 * The rows behind {@link org.lantaarn.gateway.store.rules.Sequencing} in PostgreSQL, on one connection inside its open
 * transaction. {@link #lockNode} takes the node's row lock (an upsert), which other replicas' transactions on the
 * same node wait for; every later statement (READ COMMITTED) then sees what they committed. Not thread-safe.
 */
final class PostgresSequencedRows implements SequencedRows {
    private final Connection c;

    PostgresSequencedRows(Connection c) {
        this.c = c;
    }

    @Override
    public NodeSeq lockNode(String node, Instant seen) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO nodes (node, last_seen, node_hash) VALUES (?, ?, ?) "
                + "ON CONFLICT (node) DO UPDATE SET last_seen = GREATEST(nodes.last_seen, excluded.last_seen) "
                + "RETURNING first_seq, contiguous_seq")) {
            p.setString(1, node);
            if (seen == null) {
                p.setNull(2, Types.BIGINT);
            } else {
                p.setLong(2, seen.toEpochMilli());
            }
            p.setInt(3, node.hashCode());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new NodeSeq(PostgresRows.nullableLong(rs, 1), PostgresRows.nullableLong(rs, 2));
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
                return Arrays.copyOf(out, n);
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
            p.setBoolean(9, twinDone);
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
                "UPDATE nodes SET first_seq = ?, contiguous_seq = ?, last_seq = GREATEST(COALESCE(last_seq, 0), ?), "
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
                "UPDATE nodes SET contiguous_seq = ?, last_seq = GREATEST(COALESCE(last_seq, 0), ?) WHERE node = ?")) {
            p.setLong(1, contiguousSeq);
            p.setLong(2, lastSeqAtLeast);
            p.setString(3, node);
            p.executeUpdate();
        }
    }
}
