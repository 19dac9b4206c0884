package org.lantaarn.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.lantaarn.gateway.store.TwinQueue.TwinKey;

/**
 * The twin queue's marks on {@code sequenced}: which rows the broker acknowledged to the twin, and when. The query of
 * pending rows stays in each store (PostgreSQL filters it by the partitions a replica holds). Stateless; thread-safe.
 */
public final class JdbcTwinMarks {
    private final JdbcDialect dialect;

    public JdbcTwinMarks(JdbcDialect dialect) {
        this.dialect = dialect;
    }

    /** Marks the rows of {@code keys} published at {@code at}, as one batch of statements. */
    public void mark(Connection c, List<TwinKey> keys, Instant at) throws SQLException {
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
