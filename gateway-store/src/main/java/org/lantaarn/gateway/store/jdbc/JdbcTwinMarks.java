package org.lantaarn.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.lantaarn.gateway.store.TwinQueue.TwinKey;

/**
 * The twin queue's marks on {@code sequenced}: which rows the broker acknowledged to the twin, and when. The query of
 * pending rows stays in each store (PostgreSQL filters it by the partitions a replica holds). Stateless; thread-safe.
 */
public final class JdbcTwinMarks {
    /** Keys marked by one statement on PostgreSQL. */
    public static final int CHUNK = 200;

    private final JdbcDialect dialect;

    public JdbcTwinMarks(JdbcDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Marks the rows of {@code keys} published at {@code at}. On PostgreSQL one statement per {@value #CHUNK} keys
     * joins them as a {@code VALUES} list, not one statement per key: every statement on a table partitioned by time
     * opens (and locks) each partition, and the join looks each key up in every partition's index in one go. SQLite
     * (one table; no column list for a {@code VALUES} alias) runs a batch of one statement per key.
     */
    public void mark(Connection c, List<TwinKey> keys, Instant at) throws SQLException {
        if (dialect == JdbcDialect.SQLITE) {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE sequenced SET twin_published = ?, twin_marked_ms = ? WHERE node = ? AND seq = ?")) {
                for (TwinKey k : keys) {
                    dialect.setFlag(p, 1, true);
                    p.setLong(2, at.toEpochMilli());
                    p.setString(3, k.node());
                    p.setLong(4, k.seq());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return;
        }
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<TwinKey> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            String rows = String.join(", ", Collections.nCopies(chunk.size(), "(CAST(? AS TEXT), CAST(? AS BIGINT))"));
            try (PreparedStatement p = c.prepareStatement("UPDATE sequenced SET twin_published = ?, twin_marked_ms = ? "
                    + "FROM (VALUES " + rows + ") AS k (node, seq) WHERE sequenced.node = k.node AND sequenced.seq = k.seq")) {
                dialect.setFlag(p, 1, true);
                p.setLong(2, at.toEpochMilli());
                int i = 3;
                for (TwinKey k : chunk) {
                    p.setString(i++, k.node());
                    p.setLong(i++, k.seq());
                }
                p.executeUpdate();
            }
        }
    }

    /** Makes the rows marked at or after {@code since} pending again; returns how many. */
    public long unmarkSince(Connection c, Instant since) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE sequenced SET twin_published = ?, twin_marked_ms = NULL WHERE twin_marked_ms >= ?")) {
            dialect.setFlag(p, 1, false);
            p.setLong(2, since.toEpochMilli());
            return p.executeUpdate();
        }
    }
}
