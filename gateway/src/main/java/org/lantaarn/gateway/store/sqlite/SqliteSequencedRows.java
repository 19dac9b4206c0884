package org.lantaarn.gateway.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.lantaarn.gateway.store.jdbc.JdbcDialect;
import org.lantaarn.gateway.store.rules.JdbcSequencedRows;

/**
 * The rows behind {@link org.lantaarn.gateway.store.rules.Sequencing} in SQLite: {@code sequenced} (one row per
 * stored observation or gap), {@code dropped_ranges} (seqs a gap replaced, one row per run) and the seq columns of
 * {@code nodes}. Runs only on the store's writer thread, inside the transaction the store opened (the one writer
 * is the lock); not thread-safe.
 */
final class SqliteSequencedRows extends JdbcSequencedRows {
    SqliteSequencedRows(Connection writeConnection) {
        super(writeConnection, JdbcDialect.SQLITE);
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
        try (PreparedStatement p = c.prepareStatement("SELECT first_seq, contiguous_seq, last_seq FROM nodes WHERE node = ?")) {
            p.setString(1, node);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new NodeSeq(nullableLong(rs, 1), nullableLong(rs, 2), nullableLong(rs, 3));
            }
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

}
