package org.lantaarn.gateway.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.lantaarn.gateway.store.rules.JdbcPendingTwin;

/**
 * The PostgreSQL statement of a twin round ({@link JdbcPendingTwin}): nodes in the order of their primary key (the
 * database's collation; a round only needs an order the cursor agrees with) from the cursor, and per node a
 * {@code LATERAL} subquery that takes its lowest {@code perNode} pending rows from the partial index
 * {@code sequenced_pending_twin}, of which the released ones are kept (they are a prefix, so a node held back by a
 * hole costs {@code perNode} index entries, not its whole backlog); with leases (replicas) only nodes of the
 * partitions this replica holds, filtered in the query. {@code EXPLAIN ANALYZE} with 3 million rows (5,000 nodes, 400
 * pending each): Limit, Incremental Sort on (node, seq) with node presorted, Nested Loop over an Index Scan of
 * {@code nodes_pkey} and a Limit over an Index Scan of {@code sequenced_pending_twin} per node; 17 nodes visited,
 * 1.0 ms. Ordering by {@code node COLLATE "C"} instead (no index has that order) made PostgreSQL run the subquery for
 * every node after the cursor and sort 80,000 rows: 541 ms.
 */
final class PostgresPendingTwin implements JdbcPendingTwin.Dialect {
    private static final String SQL = "SELECT " + JdbcPendingTwin.COLUMNS + " FROM nodes n CROSS JOIN LATERAL ("
            + "SELECT q.node, q.seq, q.kind, q.stream, q.payload, q.start_ms, q.end_ms FROM sequenced q "
            + "WHERE q.node = n.node AND NOT q.twin_published ORDER BY q.seq LIMIT ?) s "
            + "WHERE n.site IS NOT NULL AND n.node %s ? AND (s.seq <= n.contiguous_seq OR s.seq < n.first_seq) %s"
            + "ORDER BY n.node, s.seq LIMIT ?";
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
