package org.lantaarn.gateway.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.gateway.store.StoreException;
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
 * The embedded store: one SQLite file ({@code gateway.db}) in WAL mode. Writes run on one writer thread
 * ({@code lantaarn-store-writer}) that owns the write connection, each in its own transaction with
 * {@code synchronous=FULL}, so a write is on disk when its method returns. Reads use a second connection, one
 * reader at a time. Thread-safe.
 */
public final class SqliteGatewayStore implements GatewayStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteGatewayStore.class);
    /** File name of the database inside the data directory. */
    public static final String FILE_NAME = "gateway.db";

    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS nodes (
          node TEXT PRIMARY KEY,
          state TEXT NOT NULL DEFAULT 'unknown',
          last_seen INTEGER,
          site TEXT,
          loc_lat REAL, loc_lon REAL, loc_height REAL, loc_description TEXT,
          runtime_version TEXT,
          config_version INTEGER,
          config_hash TEXT,
          birth_json TEXT,
          last_health_json TEXT,
          first_seq INTEGER,
          contiguous_seq INTEGER,
          last_seq INTEGER,
          observations INTEGER NOT NULL DEFAULT 0,
          gaps INTEGER NOT NULL DEFAULT 0,
          duplicates INTEGER NOT NULL DEFAULT 0)""",
        """
        CREATE TABLE IF NOT EXISTS sequenced (
          node TEXT NOT NULL,
          seq INTEGER NOT NULL,
          kind TEXT NOT NULL,
          stream TEXT NOT NULL,
          start_ms INTEGER NOT NULL,
          end_ms INTEGER NOT NULL,
          payload TEXT NOT NULL,
          received_ms INTEGER NOT NULL,
          twin_published INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (node, seq)) WITHOUT ROWID""",
        "CREATE INDEX IF NOT EXISTS sequenced_by_stream ON sequenced (node, stream, kind, start_ms)",
        "CREATE INDEX IF NOT EXISTS sequenced_pending_twin ON sequenced (node, seq) WHERE twin_published = 0",
        """
        CREATE TABLE IF NOT EXISTS health (
          node TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          received_ms INTEGER NOT NULL,
          payload TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS health_by_node ON health (node, at_ms)",
        """
        CREATE TABLE IF NOT EXISTS config_acks (
          node TEXT NOT NULL,
          version INTEGER NOT NULL,
          sha256 TEXT,
          result TEXT NOT NULL,
          reason TEXT,
          at_ms INTEGER NOT NULL,
          received_ms INTEGER NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS config_acks_by_node ON config_acks (node, version)",
        """
        CREATE TABLE IF NOT EXISTS desired_configs (
          node TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          key_id TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          by_name TEXT NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS rejections (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at_ms INTEGER NOT NULL,
          topic TEXT NOT NULL,
          reason TEXT NOT NULL,
          detail TEXT NOT NULL,
          size INTEGER NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS rejections_by_reason ON rejections (reason)",
        // The audit log's anchor: its entry count and last MAC, outside the log file.
        """
        CREATE TABLE IF NOT EXISTS audit_anchor (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          entries INTEGER NOT NULL,
          head TEXT NOT NULL,
          at_ms INTEGER NOT NULL)""",
        // Seqs a gap replaced and the gateway never received: one row per run, whatever its length (schema 2).
        """
        CREATE TABLE IF NOT EXISTS dropped_ranges (
          node TEXT NOT NULL,
          first_seq INTEGER NOT NULL,
          last_seq INTEGER NOT NULL,
          gap_seq INTEGER,
          PRIMARY KEY (node, first_seq)) WITHOUT ROWID""",
    };
    /**
     * {@code PRAGMA user_version} of the current schema. 0 or 1: a store from before dropped ranges, whose gaps left
     * one {@code 'dropped'} placeholder row per replaced seq in {@code sequenced}; they are folded into ranges on open.
     */
    static final int SCHEMA_VERSION = 2;

    private final Path file;
    private final JsonCodec codec;
    private final ExecutorService writer;
    private final Connection writeConnection;
    private final Connection readConnection;
    private final SqliteSequencing sequencing;
    private volatile boolean closed;

    private SqliteGatewayStore(Path file, JsonCodec codec) {
        this.file = file;
        this.codec = codec;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lantaarn-store-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            this.writeConnection = submit(() -> openWriter(file));
            this.readConnection = open(file);
            this.sequencing = new SqliteSequencing(writeConnection, codec);
        } catch (RuntimeException e) {
            writer.shutdownNow();
            throw e;
        }
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

    private static Connection open(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA foreign_keys = ON");
            }
            return c;
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection openWriter(Path file) {
        Connection c = open(file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            c.setAutoCommit(false);
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version < SCHEMA_VERSION) {
                long moved = SqliteSequencing.migratePlaceholders(c);
                s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                if (moved > 0) {
                    LOG.info("{}: folded {} placeholder rows of replaced seqs into ranges (schema {} -> {})", file, moved,
                            version, SCHEMA_VERSION);
                }
            } else if (version > SCHEMA_VERSION) {
                throw new SQLException("schema version " + version + " is newer than this gateway's " + SCHEMA_VERSION
                        + "; run the newer gateway, or keep this file aside and start with an empty store");
            }
            c.commit();
            return c;
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new StoreException("cannot create the schema in " + file + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ writer thread

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T submit(Work<T> work) {
        if (closed) {
            throw new StoreException("store is closed");
        }
        Future<T> f;
        try {
            f = writer.submit(() -> work.run());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new StoreException("store is closed", e);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store writer", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof StoreException se) {
                throw se;
            }
            // Only a failing database is a store failure (the message is then not acknowledged and comes again).
            // Anything else came from the message itself and would fail the same way on every redelivery,
            // blocking every node behind it: it goes back to the caller, which counts it and moves on.
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new StoreException("store write failed: " + c, c);
        }
    }

    /** Runs {@code work} in one transaction on the writer thread. */
    private <T> T transaction(Work<T> work) {
        return submit(() -> {
            try {
                T result = work.run();
                writeConnection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    writeConnection.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        });
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
        return transaction(() -> {
            ensureNode(entry.node(), entry.receivedAt());
            return sequencing.store(entry);
        });
    }

    @Override
    public boolean seedReceipt(String node, long seq) {
        return transaction(() -> sequencing.seedReceipt(node, seq));
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
    public void markTwinPublished(String node, long seq) {
        transaction(() -> {
            try (PreparedStatement p = writeConnection.prepareStatement(
                    "UPDATE sequenced SET twin_published = 1 WHERE node = ? AND seq = ?")) {
                p.setString(1, node);
                p.setLong(2, seq);
                p.executeUpdate();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ reads

    private interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        if (closed) {
            throw new StoreException("store is closed");
        }
        synchronized (readConnection) {
            try {
                return read.run(readConnection);
            } catch (SQLException e) {
                throw new StoreException("store read failed: " + e.getMessage(), e);
            }
        }
    }

    private static final String NODE_COLUMNS = "node, state, last_seen, site, loc_lat, loc_lon, loc_height, loc_description, "
            + "birth_json, last_health_json, first_seq, contiguous_seq, last_seq, observations, gaps, duplicates";

    @Override
    public List<NodeRecord> nodes() {
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

    @Override
    public Optional<NodeRecord> node(String node) {
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

    @Override
    public List<String> observations(String node, String stream, Instant from, Instant to, int limit) {
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

    @Override
    public List<Health> healthHistory(String node, int limit) {
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

    @Override
    public RejectionSummary rejections(int recent) {
        return read(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT reason, COUNT(*) FROM rejections GROUP BY reason ORDER BY reason");
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

    @Override
    public List<PendingTwin> pendingTwin(int limit) {
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

    @Override
    public boolean isUsable() {
        if (closed) {
            return false;
        }
        try {
            read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nodes")) {
                    return rs.next();
                }
            });
            // The writer is alive and its connection answers. Cheap on purpose: /healthz is open and polled, and
            // the writer stores what arrives before it is acknowledged (a PRAGMA quick_check here read every page).
            return submit(() -> {
                try (Statement s = writeConnection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                    return rs.next();
                } finally {
                    writeConnection.rollback();
                }
            });
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.submit(() -> {
            try {
                writeConnection.close();
            } catch (SQLException e) {
                LOG.warn("closing the write connection: {}", e.getMessage());
            }
        });
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
        synchronized (readConnection) {
            try {
                readConnection.close();
            } catch (SQLException e) {
                LOG.warn("closing the read connection: {}", e.getMessage());
            }
        }
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
