package org.lantaarn.gateway.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.jdbc.JdbcValues;
import org.lantaarn.protocol.Location;

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
                    "SELECT s.node, s.seq, s.kind, s.stream, s.payload, n.site, n.loc_lat, n.loc_lon, n.loc_height, "
                            + "n.loc_description, n.runtime_version, n.config_version, s.start_ms, s.end_ms "
                            + "FROM sequenced s JOIN nodes n ON n.node = s.node "
                            + "WHERE s.twin_published = 0 AND n.site IS NOT NULL "
                            + "AND (s.seq <= n.contiguous_seq OR s.seq < n.first_seq) "
                            + "ORDER BY s.node, s.seq LIMIT ?")) {
                p.setInt(1, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PendingTwin(rs.getString(1), rs.getLong(2),
                                "obs".equals(rs.getString(3)) ? SequencedEntry.Kind.OBSERVATION : SequencedEntry.Kind.GAP,
                                rs.getString(4), Instant.ofEpochMilli(rs.getLong(13)), Instant.ofEpochMilli(rs.getLong(14)),
                                rs.getString(5), rs.getString(6), locationOf(rs, 7), rs.getString(11), nullableLong(rs, 12)));
                    }
                }
            }
            return out;
        });
    }

    private static Location locationOf(ResultSet rs, int col) throws SQLException {
        return JdbcValues.location(rs, col);
    }

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        return JdbcValues.nullableLong(rs, col);
    }
}
