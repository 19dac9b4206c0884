package org.lantaarn.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Stored observations read back for the API ({@code sequenced}); the writes are the sequencing rows'. Thread-safe. */
public final class JdbcObservationReads {
    private JdbcObservationReads() {}

    /** Wire JSON of a stream's observations whose window starts in {@code [from, to)}, in seq order, at most {@code limit}. */
    public static List<String> observations(Connection c, String node, String stream, Instant from, Instant to, int limit)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT payload FROM sequenced WHERE node = ? AND stream = ? "
                + "AND kind = 'obs' AND start_ms >= ? AND start_ms < ? ORDER BY seq LIMIT ?")) {
            p.setString(1, node);
            p.setString(2, stream);
            p.setLong(3, from.toEpochMilli());
            p.setLong(4, to.toEpochMilli());
            p.setInt(5, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
