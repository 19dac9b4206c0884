package org.lantaarn.gateway.store.jdbc;

import static org.lantaarn.gateway.store.jdbc.JdbcValues.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.lantaarn.gateway.store.AuditAnchor;

/** The audit log's anchor: one row ({@code audit_anchor}, id 1) outside the log file. Stateless; thread-safe. */
public final class JdbcAuditAnchorRows {
    private JdbcAuditAnchorRows() {}

    /** Replaces the anchor. */
    public static void upsert(Connection c, AuditAnchor a) throws SQLException {
        execute(c, "INSERT INTO audit_anchor (id, entries, head, at_ms) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                + "SET entries = excluded.entries, head = excluded.head, at_ms = excluded.at_ms",
                a.entries(), a.head(), a.at().toEpochMilli());
    }

    /** The anchor, if one was stored. */
    public static Optional<AuditAnchor> read(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT entries, head, at_ms FROM audit_anchor WHERE id = 1");
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(new AuditAnchor(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                    : Optional.empty();
        }
    }
}
