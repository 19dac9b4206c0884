package org.lantaarn.gateway.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.rules.JdbcPendingTwin;

/**
 * The SQLite store's read of the twin queue. The reads both stores share are in {@code org.lantaarn.gateway.store.jdbc}.
 * Thread-safe.
 */
final class SqliteReads {
    private final SqliteWriter db;

    SqliteReads(SqliteWriter db) {
        this.db = db;
    }

    private <T> T read(SqliteWriter.Read<T> read) {
        return db.read(read);
    }

    List<PendingTwin> pendingTwin(int limit) {
        return read(c -> {
            List<PendingTwin> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + JdbcPendingTwin.COLUMNS + " "
                            + "FROM sequenced s JOIN nodes n ON n.node = s.node "
                            + "WHERE s.twin_published = 0 AND n.site IS NOT NULL "
                            + "AND (s.seq <= n.contiguous_seq OR s.seq < n.first_seq) "
                            + "ORDER BY s.node, s.seq LIMIT ?")) {
                p.setInt(1, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(JdbcPendingTwin.row(rs));
                    }
                }
            }
            return out;
        });
    }
}
