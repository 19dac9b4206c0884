package org.lantaarn.gateway.store.jdbc;

import static org.lantaarn.gateway.store.jdbc.JdbcValues.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionSummary;

/**
 * Rejected messages: the recent ones ({@code rejections}, pruned) and a count per reason that keeps counting
 * ({@code rejection_counts}). Stateless; thread-safe.
 */
public final class JdbcRejectionRows {
    private JdbcRejectionRows() {}

    /** Records a rejection and counts it under its reason. */
    public static void insert(Connection c, RejectionRecord r) throws SQLException {
        execute(c, "INSERT INTO rejections (at_ms, topic, reason, detail, size) VALUES (?, ?, ?, ?, ?)",
                r.at().toEpochMilli(), r.topic(), r.reason(), r.detail(), r.size());
        execute(c, "INSERT INTO rejection_counts (reason, count) VALUES (?, 1) "
                + "ON CONFLICT (reason) DO UPDATE SET count = rejection_counts.count + 1", r.reason());
    }

    /** The counts per reason and the {@code recent} newest rejections, newest first. */
    public static RejectionSummary summary(Connection c, int recent) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT reason, count FROM rejection_counts ORDER BY reason");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        List<RejectionRecord> list = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT at_ms, topic, reason, detail, size FROM rejections ORDER BY id DESC LIMIT ?")) {
            p.setInt(1, recent);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    list.add(new RejectionRecord(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5)));
                }
            }
        }
        return new RejectionSummary(counts, list);
    }

    /** Deletes rejections from before {@code before} and all but the newest {@code keep}; the counts stay. */
    public static long prune(Connection c, Instant before, int keep) throws SQLException {
        return execute(c, "DELETE FROM rejections WHERE at_ms < ?", before.toEpochMilli())
                + execute(c, "DELETE FROM rejections WHERE id <= (SELECT id FROM rejections ORDER BY id DESC LIMIT 1 OFFSET ?)",
                keep);
    }
}
