package org.lantaarn.gateway.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.rules.JdbcPendingTwin;

/**
 * The twin queue's read of the PostgreSQL store, on a connection the caller lends (filtered by the partitions a
 * replica holds). The reads both stores share are in {@code org.lantaarn.gateway.store.jdbc}. Stateless.
 */
final class PostgresRows {

    List<PendingTwin> pendingTwin(Connection c, int limit, PartitionLeases owned) throws SQLException {
        List<PendingTwin> out = new ArrayList<>();
        Integer[] parts = owned == null ? null : owned.owned().toArray(Integer[]::new);
        if (parts != null && parts.length == 0) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement(
                "SELECT " + JdbcPendingTwin.COLUMNS + " "
                        + "FROM sequenced s JOIN nodes n ON n.node = s.node "
                        + "WHERE NOT s.twin_published AND n.site IS NOT NULL "
                        + "AND (s.seq <= n.contiguous_seq OR s.seq < n.first_seq) "
                        + (parts == null ? "" : "AND MOD(MOD(n.node_hash, ?) + ?, ?) = ANY (?) ")
                        + "ORDER BY s.node COLLATE \"C\", s.seq LIMIT ?")) {
            int i = 1;
            if (parts != null) {
                p.setInt(i++, owned.partitions());
                p.setInt(i++, owned.partitions());
                p.setInt(i++, owned.partitions());
                p.setArray(i++, c.createArrayOf("integer", parts));
            }
            p.setInt(i, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(JdbcPendingTwin.row(rs));
                }
            }
        }
        return out;
    }
}
