package org.lantaarn.gateway.store.jdbc;

import static org.lantaarn.gateway.store.jdbc.JdbcValues.decodeAs;
import static org.lantaarn.gateway.store.jdbc.JdbcValues.execute;
import static org.lantaarn.gateway.store.jdbc.JdbcValues.location;
import static org.lantaarn.gateway.store.jdbc.JdbcValues.nullableInstant;
import static org.lantaarn.gateway.store.jdbc.JdbcValues.nullableLong;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Status;

/** The fleet in the {@code nodes} table: a node's birth or death, and the nodes as records. Stateless; thread-safe. */
public final class JdbcFleetRows {
    private static final String NODE_COLUMNS = "node, state, last_seen, site, loc_lat, loc_lon, loc_height, loc_description, "
            + "birth_json, last_health_json, first_seq, contiguous_seq, last_seq, observations, gaps, duplicates";

    private final JsonCodec codec;
    private final JdbcDialect dialect;

    public JdbcFleetRows(JsonCodec codec, JdbcDialect dialect) {
        this.codec = codec;
        this.dialect = dialect;
    }

    /**
     * Records a status on the node's row, which the caller has made sure exists: a birth sets the node online with
     * its site (kept when the birth names none), location, versions and the birth itself; a death sets it offline
     * and fills in the site only where none is known.
     */
    public void storeStatus(Connection c, Status s) throws SQLException {
        if (s.state() == Status.State.ONLINE) {
            Location l = s.location();
            execute(c, "UPDATE nodes SET state = 'online', site = COALESCE(?, site), loc_lat = ?, loc_lon = ?, "
                            + "loc_height = ?, loc_description = ?, runtime_version = ?, config_version = ?, config_hash = ?, "
                            + "birth_json = ? WHERE node = ?",
                    s.site(), l == null ? null : l.lat(), l == null ? null : l.lon(), l == null ? null : l.height(),
                    l == null ? null : l.description(), s.runtimeVersion(), s.configVersion(), s.configHash(),
                    codec.encodeToString(s), s.node());
        } else {
            execute(c, "UPDATE nodes SET state = 'offline', site = COALESCE(site, ?) WHERE node = ?", s.site(), s.node());
        }
    }

    /** Every node ({@code node} null) or the one named, ordered by id. */
    public List<NodeRecord> nodes(Connection c, String node) throws SQLException {
        List<NodeRecord> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + NODE_COLUMNS + " FROM nodes"
                + (node == null ? "" : " WHERE node = ?") + " ORDER BY node" + dialect.bytewise())) {
            if (node != null) {
                p.setString(1, node);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new NodeRecord(rs.getString(1), rs.getString(2), nullableInstant(rs, 3), rs.getString(4),
                            location(rs, 5), decodeAs(codec, rs.getString(9), Status.class),
                            decodeAs(codec, rs.getString(10), Health.class), nullableLong(rs, 11), nullableLong(rs, 12),
                            nullableLong(rs, 13), rs.getLong(14), rs.getLong(15), rs.getLong(16)));
                }
            }
        }
        return out;
    }
}
