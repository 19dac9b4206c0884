package org.lantaarn.gateway.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.lantaarn.gateway.store.jdbc.JdbcDialect;
import org.lantaarn.gateway.store.rules.JdbcSequencedRows;

/**
 * The rows behind {@link org.lantaarn.gateway.store.rules.Sequencing} in PostgreSQL, on one connection inside its open
 * transaction. {@link #lockNode} takes the node's row lock (an upsert), which other replicas' transactions on the
 * same node wait for; every later statement (READ COMMITTED) then sees what they committed. Not thread-safe.
 */
final class PostgresSequencedRows extends JdbcSequencedRows {
    PostgresSequencedRows(Connection c) {
        super(c, JdbcDialect.POSTGRESQL);
    }

    @Override
    public NodeSeq lockNode(String node, Instant seen) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO nodes (node, last_seen, node_hash) VALUES (?, ?, ?) "
                + "ON CONFLICT (node) DO UPDATE SET last_seen = GREATEST(nodes.last_seen, excluded.last_seen) "
                + "RETURNING first_seq, contiguous_seq, last_seq")) {
            p.setString(1, node);
            if (seen == null) {
                p.setNull(2, Types.BIGINT);
            } else {
                p.setLong(2, seen.toEpochMilli());
            }
            p.setInt(3, node.hashCode());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new NodeSeq(nullableLong(rs, 1), nullableLong(rs, 2), nullableLong(rs, 3));
            }
        }
    }
}
