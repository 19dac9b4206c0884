package org.lantaarn.gateway.store.sqlite;

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
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SQLite store's reads of the fleet, observations, health, rejections and the twin queue. Thread-safe. */
final class SqliteReads {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteReads.class);
    private static final String NODE_COLUMNS = "node, state, last_seen, site, loc_lat, loc_lon, loc_height, loc_description, "
            + "birth_json, last_health_json, first_seq, contiguous_seq, last_seq, observations, gaps, duplicates";

    private final SqliteWriter db;
    private final JsonCodec codec;

    SqliteReads(SqliteWriter db, JsonCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    private <T> T read(SqliteWriter.Read<T> read) {
        return db.read(read);
    }

    List<NodeRecord> nodes() {
        return read(c -> {
            List<NodeRecord> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + NODE_COLUMNS + " FROM nodes ORDER BY node");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(nodeOf(rs));
                }
            }
            return out;
        });
    }

    Optional<NodeRecord> node(String node) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + NODE_COLUMNS + " FROM nodes WHERE node = ?")) {
                p.setString(1, node);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(nodeOf(rs)) : Optional.empty();
                }
            }
        });
    }

    private NodeRecord nodeOf(ResultSet rs) throws SQLException {
        Long lastSeen = nullableLong(rs, 3);
        return new NodeRecord(rs.getString(1), rs.getString(2), lastSeen == null ? null : Instant.ofEpochMilli(lastSeen),
                rs.getString(4), locationOf(rs, 5), decodeAs(rs.getString(9), Status.class),
                decodeAs(rs.getString(10), Health.class), nullableLong(rs, 11), nullableLong(rs, 12), nullableLong(rs, 13),
                rs.getLong(14), rs.getLong(15), rs.getLong(16));
    }

    private static Location locationOf(ResultSet rs, int col) throws SQLException {
        double lat = rs.getDouble(col);
        if (rs.wasNull()) {
            return null;
        }
        double lon = rs.getDouble(col + 1);
        double height = rs.getDouble(col + 2);
        Double h = rs.wasNull() ? null : height;
        String description = rs.getString(col + 3);
        if (description != null && description.length() > Location.MAX_DESCRIPTION_CHARS) {
            description = description.substring(0, Location.MAX_DESCRIPTION_CHARS); // stored by a version without the bound
        }
        return new Location(lat, lon, h, description);
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

    List<String> observations(String node, String stream, Instant from, Instant to, int limit) {
        return read(c -> {
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
        });
    }

    List<Health> healthHistory(String node, int limit) {
        return read(c -> {
            List<Health> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT payload FROM health WHERE node = ? ORDER BY at_ms DESC LIMIT ?")) {
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
        });
    }

    RejectionSummary rejections(int recent) {
        return read(c -> {
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
        });
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

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
