package org.lantaarn.gateway.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.lantaarn.gateway.store.rules.JdbcPendingTwin;

/**
 * The SQLite statement of a twin round ({@link JdbcPendingTwin}). Per node, a correlated subquery takes the node's
 * lowest {@code perNode} pending seqs from the partial index {@code sequenced_pending_twin} (named, so the planner
 * never walks the node's published rows instead), and the outer query walks {@code nodes} in key order from the
 * cursor, so {@code LIMIT} stops it early. {@code EXPLAIN QUERY PLAN}: {@code SEARCH n USING INDEX
 * sqlite_autoindex_nodes_1 (node>?)}, {@code SEARCH s USING PRIMARY KEY (node=? AND seq=?)} (or the partial index),
 * {@code CORRELATED LIST SUBQUERY: SEARCH p USING INDEX sequenced_pending_twin (node=?)}; {@link
 * SqlitePendingTwinPlanTest} checks it. Two hints keep that plan on a store that was never {@code ANALYZE}d:
 * {@code CROSS JOIN} keeps {@code nodes} outside, and the unary {@code +} keeps the release condition from being
 * used as an index range (SQLite otherwise walked every pending row of every node and ran the subquery per row:
 * 324 ms for a round of 500 over 20 nodes with 1,000 rows each, against 1 ms with the hints). Released rows of a node
 * (seq up to its contiguous seq, or below its first seq) are a prefix of its pending rows, so taking the lowest
 * pending seqs first and releasing them after takes the lowest released ones.
 */
final class SqlitePendingTwin implements JdbcPendingTwin.Dialect {
    static final SqlitePendingTwin INSTANCE = new SqlitePendingTwin();

    private static final String SQL = "SELECT " + JdbcPendingTwin.COLUMNS + " "
            + "FROM nodes n CROSS JOIN sequenced s ON s.node = n.node "
            + "WHERE n.site IS NOT NULL AND n.node %s ? AND s.twin_published = 0 "
            + "AND (+s.seq <= n.contiguous_seq OR +s.seq < n.first_seq) "
            + "AND s.seq IN (SELECT p.seq FROM sequenced p INDEXED BY sequenced_pending_twin "
            + "WHERE p.node = n.node AND p.twin_published = 0 ORDER BY p.seq LIMIT ?) "
            + "ORDER BY n.node, s.seq LIMIT ?";
    private static final String AFTER = SQL.formatted(">");
    private static final String UP_TO = SQL.formatted("<=");

    private SqlitePendingTwin() {}

    @Override
    public String sql(boolean after) {
        return after ? AFTER : UP_TO;
    }

    @Override
    public void bind(PreparedStatement p, String cursor, int perNode, int limit) throws SQLException {
        p.setString(1, cursor);
        p.setInt(2, perNode);
        p.setInt(3, limit);
    }
}
