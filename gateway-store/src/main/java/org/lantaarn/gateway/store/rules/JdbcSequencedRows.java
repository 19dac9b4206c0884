package org.lantaarn.gateway.store.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.jdbc.JdbcDialect;
import org.lantaarn.protocol.SeqRange;

/**
 * The SQL both JDBC stores share for {@link SequencedRows}: the tables {@code sequenced}, {@code dropped_ranges} and
 * the seq columns of {@code nodes} have the same shape in SQLite and PostgreSQL, so only taking the node's row
 * ({@link #lockNode}) and what the {@link JdbcDialect} names (the two-argument maximum, a flag column) differ. Runs on
 * one connection inside the transaction its store opened; not thread-safe.
 */
public abstract class JdbcSequencedRows implements SequencedRows {
    /** The connection, inside the store's open transaction. */
    protected final Connection c;
    private final JdbcDialect dialect;
    private final String greatest;

    /**
     * @param c       the connection, inside the store's open transaction
     * @param dialect the store's database
     */
    protected JdbcSequencedRows(Connection c, JdbcDialect dialect) {
        this.c = c;
        this.dialect = dialect;
        this.greatest = dialect.greatest();
    }

    /** A nullable BIGINT column as a {@code Long}. */
    protected static Long nullableLong(ResultSet rs, int col) throws SQLException {
        return org.lantaarn.gateway.store.jdbc.JdbcValues.nullableLong(rs, col);
    }

    @Override
    public final boolean rowExists(String node, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM sequenced WHERE node = ? AND seq = ?")) {
            p.setString(1, node);
            p.setLong(2, seq);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public final Span span(String node, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT start_ms, end_ms FROM sequenced WHERE node = ? AND seq = ?")) {
            p.setString(1, node);
            p.setLong(2, seq);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? new Span(Instant.ofEpochMilli(rs.getLong(1)), Instant.ofEpochMilli(rs.getLong(2))) : null;
            }
        }
    }

    @Override
    public final long droppedRangeEnd(String node, long seq) throws SQLException {
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
    public final List<SeqRange> droppedRangesOverlapping(String node, SeqRange r) throws SQLException {
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
    public final long[] storedSeqs(String node, long from, long to, int limit) throws SQLException {
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
    public final void insertDropped(String node, SeqRange r, long gapSeq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO dropped_ranges (node, first_seq, last_seq, gap_seq) VALUES (?, ?, ?, ?)")) {
            p.setString(1, node);
            p.setLong(2, r.first());
            p.setLong(3, r.last());
            p.setLong(4, gapSeq);
            p.executeUpdate();
        }
    }

    /**
     * {@inheritDoc} The conflict is whatever unique key the table has: {@code (node, seq)} in SQLite, {@code (node, seq,
     * received_ms)} in PostgreSQL's day partitions; {@link Sequencing} looks the seq up first under the node's lock,
     * which is what keeps {@code (node, seq)} unique there.
     */
    @Override
    public final boolean insertRow(SequencedEntry e, boolean twinDone) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO sequenced (node, seq, kind, stream, start_ms, end_ms, payload, received_ms, twin_published) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            p.setString(1, e.node());
            p.setLong(2, e.seq());
            p.setString(3, e.kind() == SequencedEntry.Kind.OBSERVATION ? "obs" : "gap");
            p.setString(4, e.stream());
            p.setLong(5, e.start().toEpochMilli());
            p.setLong(6, e.end().toEpochMilli());
            p.setString(7, e.payloadJson());
            p.setLong(8, e.receivedAt().toEpochMilli());
            dialect.setFlag(p, 9, twinDone);
            return p.executeUpdate() > 0;
        }
    }

    @Override
    public final void countDuplicate(String node) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE nodes SET duplicates = duplicates + 1 WHERE node = ?")) {
            p.setString(1, node);
            p.executeUpdate();
        }
    }

    @Override
    public final void recordStored(String node, long firstSeq, long contiguousSeq, long seq, SequencedEntry.Kind kind)
            throws SQLException {
        String counter = kind == SequencedEntry.Kind.OBSERVATION ? "observations" : "gaps";
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE nodes SET first_seq = ?, contiguous_seq = ?, last_seq = " + greatest + "(COALESCE(last_seq, 0), ?), "
                        + counter + " = " + counter + " + 1 WHERE node = ?")) {
            p.setLong(1, firstSeq);
            p.setLong(2, contiguousSeq);
            p.setLong(3, seq);
            p.setString(4, node);
            p.executeUpdate();
        }
    }

    @Override
    public final void seed(String node, long firstSeq, long contiguousSeq, long lastSeq) throws SQLException {
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
    public final void lift(String node, long contiguousSeq, long lastSeqAtLeast) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE nodes SET contiguous_seq = ?, last_seq = " + greatest + "(COALESCE(last_seq, 0), ?) WHERE node = ?")) {
            p.setLong(1, contiguousSeq);
            p.setLong(2, lastSeqAtLeast);
            p.setString(3, node);
            p.executeUpdate();
        }
    }
}
