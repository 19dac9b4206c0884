package org.lantaarn.gateway.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.NodeOwnership;
import org.lantaarn.gateway.store.rules.JdbcPendingTwin;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.gateway.store.StoreException;
import org.lantaarn.gateway.store.rules.Sequencing;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one SQLite file ({@code gateway.db}) in WAL mode, for a single gateway. Transactions, the
 * writer thread and group commit are {@link SqliteWriter}'s, the schema {@link SqliteSchema}'s, the sequencing rows
 * {@link SqliteSequencedRows}'; this class maps each aggregate's methods to SQL. Thread-safe.
 */
public final class SqliteGatewayStore implements GatewayStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteGatewayStore.class);
    /** File name of the database inside the data directory. */
    public static final String FILE_NAME = "gateway.db";


    /** {@code PRAGMA user_version} of the current schema (see {@link SqliteSchema}). */
    static final int SCHEMA_VERSION = SqliteSchema.SCHEMA_VERSION;

    private final Path file;
    private final JsonCodec codec;
    private final SqliteWriter db;
    private final Connection writeConnection;
    private final Sequencing sequencing;
    private final SqliteSequencedRows rows;
    private final SqliteReads reads;

    private SqliteGatewayStore(Path file, JsonCodec codec) {
        this.file = file;
        this.codec = codec;
        this.db = new SqliteWriter(file);
        this.writeConnection = db.connection();
        this.sequencing = new Sequencing(codec);
        this.rows = new SqliteSequencedRows(writeConnection);
        this.reads = new SqliteReads(db, codec);
    }

    /** Opens (creating if needed) {@code gateway.db} in {@code dataDir} and creates the schema. */
    public static SqliteGatewayStore open(Path dataDir, JsonCodec codec) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        return new SqliteGatewayStore(dataDir.resolve(FILE_NAME), codec);
    }

    public Path file() {
        return file;
    }

    private void ensureNode(String node, Instant seen) throws SQLException {
        try (PreparedStatement p = writeConnection.prepareStatement(
                "INSERT INTO nodes (node, last_seen) VALUES (?, ?) ON CONFLICT (node) DO UPDATE SET last_seen = MAX(COALESCE(last_seen, 0), excluded.last_seen)")) {
            p.setString(1, node);
            p.setLong(2, seen.toEpochMilli());
            p.executeUpdate();
        }
    }

    @Override
    public SequencedResult storeSequenced(SequencedEntry entry) {
        return transaction(() -> sequencing.store(rows, entry));
    }

    @Override
    public List<SequencedResult> storeSequenced(List<SequencedEntry> entries) {
        return transaction(() -> {
            List<SequencedResult> out = new ArrayList<>(entries.size());
            for (SequencedEntry e : entries) {
                out.add(sequencing.store(rows, e));
            }
            return out;
        });
    }

    @Override
    public boolean seedReceipt(String node, long seq) {
        return transaction(() -> sequencing.seedReceipt(rows, node, seq));
    }

    @Override
    public NodeRecord storeStatus(Status s, Instant receivedAt) {
        transaction(() -> {
            ensureNode(s.node(), receivedAt);
            if (s.state() == Status.State.ONLINE) {
                try (PreparedStatement p = writeConnection.prepareStatement(
                        "UPDATE nodes SET state = 'online', site = COALESCE(?, site), "
                                + "loc_lat = ?, loc_lon = ?, loc_height = ?, loc_description = ?, "
                                + "runtime_version = ?, config_version = ?, config_hash = ?, birth_json = ? WHERE node = ?")) {
                    p.setString(1, s.site());
                    Location l = s.location();
                    setDouble(p, 2, l == null ? null : l.lat());
                    setDouble(p, 3, l == null ? null : l.lon());
                    setDouble(p, 4, l == null ? null : l.height());
                    p.setString(5, l == null ? null : l.description());
                    p.setString(6, s.runtimeVersion());
                    if (s.configVersion() == null) {
                        p.setNull(7, Types.INTEGER);
                    } else {
                        p.setLong(7, s.configVersion());
                    }
                    p.setString(8, s.configHash());
                    p.setString(9, codec.encodeToString(s));
                    p.setString(10, s.node());
                    p.executeUpdate();
                }
            } else {
                try (PreparedStatement p = writeConnection.prepareStatement(
                        "UPDATE nodes SET state = 'offline', site = COALESCE(site, ?) WHERE node = ?")) {
                    p.setString(1, s.site());
                    p.setString(2, s.node());
                    p.executeUpdate();
                }
            }
            return null;
        });
        return node(s.node()).orElseThrow(() -> new StoreException("node " + s.node() + " vanished after its status was stored"));
    }

    @Override
    public void storeHealth(Health h, Instant receivedAt) {
        String json = codec.encodeToString(h);
        transaction(() -> {
            ensureNode(h.node(), receivedAt);
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "INSERT INTO health (node, at_ms, received_ms, payload) VALUES (?, ?, ?, ?)")) {
                p.setString(1, h.node());
                p.setLong(2, h.at().toEpochMilli());
                p.setLong(3, receivedAt.toEpochMilli());
                p.setString(4, json);
                p.executeUpdate();
            }
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "UPDATE nodes SET last_health_json = ? WHERE node = ?")) {
                p.setString(1, json);
                p.setString(2, h.node());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void storeConfigAck(ConfigAck a, Instant receivedAt) {
        transaction(() -> {
            ensureNode(a.node(), receivedAt);
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "INSERT INTO config_acks (node, version, sha256, result, reason, at_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, a.node());
                p.setLong(2, a.version());
                p.setString(3, a.sha256());
                p.setString(4, a.result().wire());
                p.setString(5, a.reason());
                p.setLong(6, a.at().toEpochMilli());
                p.setLong(7, receivedAt.toEpochMilli());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void storeDesiredConfig(org.lantaarn.gateway.store.DesiredConfig d) {
        transaction(() -> {
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "INSERT OR REPLACE INTO desired_configs (node, version, sha256, key_id, at_ms, by_name) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, d.node());
                p.setLong(2, d.version());
                p.setString(3, d.sha256());
                p.setString(4, d.keyId());
                p.setLong(5, d.at().toEpochMilli());
                p.setString(6, d.by());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<org.lantaarn.gateway.store.DesiredConfig> desiredConfig(String node) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT version, sha256, key_id, at_ms, by_name FROM desired_configs WHERE node = ?")) {
                p.setString(1, node);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new org.lantaarn.gateway.store.DesiredConfig(node, rs.getLong(1), rs.getString(2),
                            rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<ConfigAck> lastConfigAck(String node) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT version, sha256, result, reason, at_ms FROM config_acks WHERE node = ? ORDER BY received_ms DESC, rowid DESC LIMIT 1")) {
                p.setString(1, node);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new ConfigAck(node, rs.getLong(1), rs.getString(2),
                            ConfigAck.Result.fromWire(rs.getString(3)), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void storeRejection(RejectionRecord r) {
        transaction(() -> {
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "INSERT INTO rejections (at_ms, topic, reason, detail, size) VALUES (?, ?, ?, ?, ?)")) {
                p.setLong(1, r.at().toEpochMilli());
                p.setString(2, r.topic());
                p.setString(3, r.reason());
                p.setString(4, r.detail());
                p.setInt(5, r.size());
                p.executeUpdate();
            }
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "INSERT INTO rejection_counts (reason, count) VALUES (?, 1) ON CONFLICT (reason) DO UPDATE SET count = count + 1")) {
                p.setString(1, r.reason());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void storeAuditAnchor(AuditAnchor a) {
        transaction(() -> {
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "INSERT OR REPLACE INTO audit_anchor (id, entries, head, at_ms) VALUES (1, ?, ?, ?)")) {
                p.setLong(1, a.entries());
                p.setString(2, a.head());
                p.setLong(3, a.at().toEpochMilli());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<AuditAnchor> auditAnchor() {
        return read(SqliteGatewayStore::auditAnchorOf);
    }

    private static Optional<AuditAnchor> auditAnchorOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT entries, head, at_ms FROM audit_anchor WHERE id = 1")) {
            return rs.next() ? Optional.of(new AuditAnchor(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                    : Optional.empty();
        }
    }

    /**
     * The audit anchor in the store of {@code dataDir}, read without opening the store for writing (a running gateway
     * may hold it); empty when there is no store or no anchor.
     */
    public static Optional<AuditAnchor> readAuditAnchor(Path dataDir) {
        Path f = dataDir.resolve(FILE_NAME);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + f.toAbsolutePath())) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchor'")) {
                if (!rs.next() || rs.getInt(1) == 0) {
                    return Optional.empty();
                }
            }
            return auditAnchorOf(c);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit anchor from " + f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void markTwinPublished(List<TwinKey> keys, Instant at) {
        if (keys.isEmpty()) {
            return;
        }
        transaction(() -> {
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "UPDATE sequenced SET twin_published = 1, twin_marked_ms = ? WHERE node = ? AND seq = ?")) {
                for (TwinKey k : keys) {
                    p.setLong(1, at.toEpochMilli());
                    p.setString(2, k.node());
                    p.setLong(3, k.seq());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public long pruneSequenced(Instant before) {
        return transaction(() -> {
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "DELETE FROM sequenced WHERE received_ms < ? AND twin_published = 1 "
                            + "AND seq <= (SELECT n.contiguous_seq FROM nodes n WHERE n.node = sequenced.node)")) {
                p.setLong(1, before.toEpochMilli());
                return (long) p.executeUpdate();
            }
        });
    }

    @Override
    public long pruneHealth(Instant before, int keepPerNode) {
        return transaction(() -> {
            long n;
            try (PreparedStatement p = writeConnection.prepareStatement("DELETE FROM health WHERE received_ms < ?")) {
                p.setLong(1, before.toEpochMilli());
                n = p.executeUpdate();
            }
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "DELETE FROM health WHERE rowid IN (SELECT rowid FROM (SELECT rowid, ROW_NUMBER() OVER "
                            + "(PARTITION BY node ORDER BY at_ms DESC, rowid DESC) AS k FROM health) WHERE k > ?)")) {
                p.setInt(1, keepPerNode);
                n += p.executeUpdate();
            }
            return n;
        });
    }

    @Override
    public long pruneRejections(Instant before, int keep) {
        return transaction(() -> {
            long n;
            try (PreparedStatement p = writeConnection.prepareStatement("DELETE FROM rejections WHERE at_ms < ?")) {
                p.setLong(1, before.toEpochMilli());
                n = p.executeUpdate();
            }
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "DELETE FROM rejections WHERE id <= (SELECT id FROM rejections ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
                p.setInt(1, keep);
                n += p.executeUpdate();
            }
            return n;
        });
    }

    @Override
    public void markTwinPublished(String node, long seq) {
        markTwinPublished(List.of(new TwinKey(node, seq)), Instant.now());
    }

    @Override
    public long unmarkTwinPublishedSince(Instant since) {
        return transaction(() -> {
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "UPDATE sequenced SET twin_published = 0, twin_marked_ms = NULL WHERE twin_marked_ms >= ?")) {
                p.setLong(1, since.toEpochMilli());
                return (long) p.executeUpdate();
            }
        });
    }

    @Override
    public List<NodeRecord> nodes() {
        return reads.nodes();
    }

    @Override
    public Optional<NodeRecord> node(String node) {
        return reads.node(node);
    }

    @Override
    public List<String> observations(String node, String stream, Instant from, Instant to, int limit) {
        return reads.observations(node, stream, from, to, limit);
    }

    @Override
    public List<Health> healthHistory(String node, int limit) {
        return reads.healthHistory(node, limit);
    }

    @Override
    public RejectionSummary rejections(int recent) {
        return reads.rejections(recent);
    }

    @Override
    public List<PendingTwin> pendingTwin(int limit) {
        return reads.pendingTwin(limit);
    }

    @Override
    public List<PendingTwin> pendingTwinRound(int limit, int perNode, String after, NodeOwnership owned) {
        List<PendingTwin> rows = read(c -> JdbcPendingTwin.read(c, SqlitePendingTwin.INSTANCE, after, perNode, limit));
        return owned.ownsAll() ? rows : rows.stream().filter(p -> owned.owns(p.node())).toList();
    }

    private <T> T transaction(SqliteWriter.Work<T> work) {
        return db.transaction(work);
    }

    private <T> T read(SqliteWriter.Read<T> read) {
        return db.read(read);
    }

    @Override
    public <T> T inOneTransaction(java.util.function.Supplier<T> work) {
        return db.inOneTransaction(work);
    }

    @Override
    public boolean isUsable() {
        return db.isUsable();
    }

    @Override
    public void close() {
        db.close();
    }

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.REAL);
        } else {
            p.setDouble(i, v);
        }
    }
}
