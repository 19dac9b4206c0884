package org.lantaarn.gateway.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.lantaarn.gateway.store.rules.JdbcPendingTwin;

/**
 * The PostgreSQL statement of a twin round ({@link JdbcPendingTwin}): nodes in {@code COLLATE "C"} order (the byte
 * order SQLite uses) from the cursor, and per node a {@code LATERAL} subquery that takes its lowest {@code perNode}
 * pending, released rows from the partial index {@code sequenced_pending_twin}; with leases (replicas) only nodes of
 * the partitions this replica holds, filtered in the query. {@code EXPLAIN}: Limit, Incremental Sort on (node, seq)
 * with node presorted, Nested Loop over the sorted nodes and a Limit over an Index Scan of
 * {@code sequenced_pending_twin} per node: the rows read per node are the rows returned.
 */
final class PostgresPendingTwin implements JdbcPendingTwin.Dialect {
    private static final String SQL = "SELECT " + JdbcPendingTwin.COLUMNS + " FROM nodes n CROSS JOIN LATERAL ("
            + "SELECT q.node, q.seq, q.kind, q.stream, q.payload, q.start_ms, q.end_ms FROM sequenced q "
            + "WHERE q.node = n.node AND NOT q.twin_published AND (q.seq <= n.contiguous_seq OR q.seq < n.first_seq) "
            + "ORDER BY q.seq LIMIT ?) s "
            + "WHERE n.site IS NOT NULL AND n.node COLLATE \"C\" %s ? %s"
            + "ORDER BY n.node COLLATE \"C\", s.seq LIMIT ?";
    private static final String LEASED = "AND MOD(MOD(n.node_hash, ?) + ?, ?) = ANY (?) ";

    private final Connection c;
    private final PartitionLeases leases;
    private final Integer[] parts;

    /** For {@code leases == null}: every node (a single gateway on PostgreSQL). */
    PostgresPendingTwin(Connection c, PartitionLeases leases) {
        this.c = c;
        this.leases = leases;
        this.parts = leases == null ? null : leases.owned().toArray(Integer[]::new);
    }

    /** Whether this replica holds no partition now, so it has nothing to publish. */
    boolean ownsNothing() {
        return parts != null && parts.length == 0;
    }

    @Override
    public String sql(boolean after) {
        return SQL.formatted(after ? ">" : "<=", parts == null ? "" : LEASED);
    }

    @Override
    public void bind(PreparedStatement p, String cursor, int perNode, int limit) throws SQLException {
        int i = 1;
        p.setInt(i++, perNode);
        p.setString(i++, cursor);
        if (parts != null) {
            p.setInt(i++, leases.partitions());
            p.setInt(i++, leases.partitions());
            p.setInt(i++, leases.partitions());
            p.setArray(i++, c.createArrayOf("integer", parts));
        }
        p.setInt(i, limit);
    }
}
