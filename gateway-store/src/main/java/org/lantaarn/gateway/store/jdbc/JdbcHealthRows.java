package org.lantaarn.gateway.store.jdbc;

import static org.lantaarn.gateway.store.jdbc.JdbcValues.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;

/** Health reports in the {@code health} table and each node's latest on its row. Stateless; thread-safe. */
public final class JdbcHealthRows {
    private final JsonCodec codec;
    private final JdbcDialect dialect;

    public JdbcHealthRows(JsonCodec codec, JdbcDialect dialect) {
        this.codec = codec;
        this.dialect = dialect;
    }

    /** Adds a report (its wire JSON {@code json}) to the history and makes it the node's latest; the node row exists. */
    public void insert(Connection c, Health h, String json, Instant receivedAt) throws SQLException {
        execute(c, "INSERT INTO health (node, at_ms, received_ms, payload) VALUES (?, ?, ?, ?)", h.node(),
                h.at().toEpochMilli(), receivedAt.toEpochMilli(), json);
        execute(c, "UPDATE nodes SET last_health_json = ? WHERE node = ?", json, h.node());
    }

    /** A node's reports, newest first, at most {@code limit}; reports that no longer decode are left out. */
    public List<Health> history(Connection c, String node, int limit) throws SQLException {
        List<Health> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT payload FROM health WHERE node = ? ORDER BY at_ms DESC, "
                + dialect.insertionOrder() + " DESC LIMIT ?")) {
            p.setString(1, node);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Health h = JdbcValues.decodeAs(codec, rs.getString(1), Health.class);
                    if (h != null) {
                        out.add(h);
                    }
                }
            }
        }
        return out;
    }

    /** Deletes reports received before {@code before} and all but each node's newest {@code keepPerNode}. */
    public long prune(Connection c, Instant before, int keepPerNode) throws SQLException {
        String id = dialect.insertionOrder();
        return execute(c, "DELETE FROM health WHERE received_ms < ?", before.toEpochMilli())
                + execute(c, "DELETE FROM health WHERE " + id + " IN (SELECT " + id + " FROM (SELECT " + id
                + ", ROW_NUMBER() OVER (PARTITION BY node ORDER BY at_ms DESC, " + id + " DESC) AS k FROM health) ranked "
                + "WHERE k > ?)", keepPerNode);
    }
}
