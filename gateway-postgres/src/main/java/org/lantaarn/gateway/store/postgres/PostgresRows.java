package org.lantaarn.gateway.store.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.gateway.store.DesiredConfig;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reads of the PostgreSQL store, each on a connection the caller lends. Stateless apart from the codec. */
final class PostgresRows {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRows.class);
    private static final String NODE_COLUMNS = "node, state, last_seen, site, loc_lat, loc_lon, loc_height, loc_description, "
            + "birth_json, last_health_json, first_seq, contiguous_seq, last_seq, observations, gaps, duplicates";

    private final JsonCodec codec;

    PostgresRows(JsonCodec codec) {
        this.codec = codec;
    }

    List<NodeRecord> nodes(Connection c, String node) throws SQLException {
        List<NodeRecord> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + NODE_COLUMNS + " FROM nodes"
                + (node == null ? "" : " WHERE node = ?") + " ORDER BY node COLLATE \"C\"")) {
            if (node != null) {
                p.setString(1, node);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Long lastSeen = nullableLong(rs, 3);
                    out.add(new NodeRecord(rs.getString(1), rs.getString(2), lastSeen == null ? null : Instant.ofEpochMilli(lastSeen),
                            rs.getString(4), locationOf(rs, 5), decodeAs(rs.getString(9), Status.class),
                            decodeAs(rs.getString(10), Health.class), nullableLong(rs, 11), nullableLong(rs, 12),
                            nullableLong(rs, 13), rs.getLong(14), rs.getLong(15), rs.getLong(16)));
                }
            }
        }
        return out;
    }

    List<String> observations(Connection c, String node, String stream, Instant from, Instant to, int limit)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT payload FROM sequenced WHERE node = ? AND stream = ? AND kind = 'obs' AND start_ms >= ? AND start_ms < ? "
                        + "ORDER BY seq LIMIT ?")) {
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

    List<Health> healthHistory(Connection c, String node, int limit) throws SQLException {
        List<Health> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT payload FROM health WHERE node = ? ORDER BY at_ms DESC, id DESC LIMIT ?")) {
            p.setString(1, node);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Health h = decodeAs(rs.getString(1), Health.class);
                    if (h != null) {
                        out.add(h);
                    }
                }
            }
        }
        return out;
    }

    RejectionSummary rejections(Connection c, int recent) throws SQLException {
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

    List<PendingTwin> pendingTwin(Connection c, int limit, PartitionLeases owned) throws SQLException {
        List<PendingTwin> out = new ArrayList<>();
        Integer[] parts = owned == null ? null : owned.owned().toArray(Integer[]::new);
        if (parts != null && parts.length == 0) {
            return out;
        }
        try (PreparedStatement p = c.prepareStatement(
                "SELECT s.node, s.seq, s.kind, s.stream, s.payload, n.site, n.loc_lat, n.loc_lon, n.loc_height, "
                        + "n.loc_description, n.runtime_version, n.config_version, s.start_ms, s.end_ms "
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
                    out.add(new PendingTwin(rs.getString(1), rs.getLong(2),
                            "obs".equals(rs.getString(3)) ? SequencedEntry.Kind.OBSERVATION : SequencedEntry.Kind.GAP,
                            rs.getString(4), Instant.ofEpochMilli(rs.getLong(13)), Instant.ofEpochMilli(rs.getLong(14)),
                            rs.getString(5), rs.getString(6), locationOf(rs, 7), rs.getString(11), nullableLong(rs, 12)));
                }
            }
        }
        return out;
    }

    Optional<DesiredConfig> desiredConfig(Connection c, String node) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT version, sha256, key_id, at_ms, by_name FROM desired_configs WHERE node = ?")) {
            p.setString(1, node);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new DesiredConfig(node, rs.getLong(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5))) : Optional.empty();
            }
        }
    }

    Optional<ConfigAck> lastConfigAck(Connection c, String node) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version, sha256, result, reason, at_ms FROM config_acks "
                + "WHERE node = ? ORDER BY received_ms DESC, id DESC LIMIT 1")) {
            p.setString(1, node);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new ConfigAck(node, rs.getLong(1), rs.getString(2),
                        ConfigAck.Result.fromWire(rs.getString(3)), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))))
                        : Optional.empty();
            }
        }
    }

    Optional<AuditAnchor> auditAnchor(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT entries, head, at_ms FROM audit_anchor WHERE id = 1");
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(new AuditAnchor(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                    : Optional.empty();
        }
    }

    private static Location locationOf(ResultSet rs, int col) throws SQLException {
        double lat = rs.getDouble(col);
        if (rs.wasNull()) {
            return null;
        }
        double lon = rs.getDouble(col + 1);
        double height = rs.getDouble(col + 2);
        Double h = rs.wasNull() ? null : height;
        return new Location(lat, lon, h, rs.getString(col + 3));
    }

    private <T extends Message> T decodeAs(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        Decoded d = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        if (d instanceof Decoded.Accepted(Message m) && type.isInstance(m)) {
            return type.cast(m);
        }
        LOG.warn("stored {} no longer decodes: {}", type.getSimpleName(), d);
        return null;
    }

    static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
