package org.lantaarn.gateway.store.jdbc;

import static org.lantaarn.gateway.store.jdbc.JdbcValues.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.lantaarn.gateway.store.DesiredConfig;
import org.lantaarn.protocol.ConfigAck;

/** Rollouts: the configuration each node should run ({@code desired_configs}) and what nodes acknowledged ({@code config_acks}). */
public final class JdbcRolloutRows {
    private final JdbcDialect dialect;

    public JdbcRolloutRows(JdbcDialect dialect) {
        this.dialect = dialect;
    }

    /** Adds an acknowledgement; the node row exists. */
    public void insertAck(Connection c, ConfigAck a, Instant receivedAt) throws SQLException {
        execute(c, "INSERT INTO config_acks (node, version, sha256, result, reason, at_ms, received_ms) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", a.node(), a.version(), a.sha256(), a.result().wire(), a.reason(),
                a.at().toEpochMilli(), receivedAt.toEpochMilli());
    }

    /** The acknowledgement received last from {@code node}. */
    public Optional<ConfigAck> lastAck(Connection c, String node) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version, sha256, result, reason, at_ms FROM config_acks "
                + "WHERE node = ? ORDER BY received_ms DESC, " + dialect.insertionOrder() + " DESC LIMIT 1")) {
            p.setString(1, node);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new ConfigAck(node, rs.getLong(1), rs.getString(2),
                        ConfigAck.Result.fromWire(rs.getString(3)), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))))
                        : Optional.empty();
            }
        }
    }

    /** Sets the configuration {@code d.node()} should run, replacing the one before. */
    public void upsertDesired(Connection c, DesiredConfig d) throws SQLException {
        execute(c, "INSERT INTO desired_configs (node, version, sha256, key_id, at_ms, by_name) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (node) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256, "
                        + "key_id = excluded.key_id, at_ms = excluded.at_ms, by_name = excluded.by_name",
                d.node(), d.version(), d.sha256(), d.keyId(), d.at().toEpochMilli(), d.by());
    }

    /** The configuration {@code node} should run, if one was set. */
    public Optional<DesiredConfig> desired(Connection c, String node) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT version, sha256, key_id, at_ms, by_name FROM desired_configs WHERE node = ?")) {
            p.setString(1, node);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new DesiredConfig(node, rs.getLong(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5))) : Optional.empty();
            }
        }
    }
}
