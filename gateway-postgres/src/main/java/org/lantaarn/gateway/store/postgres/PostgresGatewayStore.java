package org.lantaarn.gateway.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.gateway.store.DesiredConfig;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeOwnership;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.rules.JdbcPendingTwin;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.gateway.store.StoreException;
import org.lantaarn.gateway.store.rules.Sequencing;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Status;

/**
 * The gateway's store on PostgreSQL, shareable by several gateway replicas. Opening it migrates the schema (Flyway;
 * replicas starting at once take Flyway's lock in turn). Every write is one transaction on a pooled connection,
 * committed before the method returns; a transaction that loses a deadlock or serialization race to another replica
 * is repeated. Thread-safe.
 */
public final class PostgresGatewayStore implements GatewayStore {
    private static final int ATTEMPTS = 5;

    private final HikariDataSource pool;
    private final JsonCodec codec;
    private final Sequencing sequencing;
    private final PostgresRows rows;
    private volatile boolean closed;

    private PostgresGatewayStore(HikariDataSource pool, JsonCodec codec) {
        this.pool = pool;
        this.codec = codec;
        this.sequencing = new Sequencing(codec);
        this.rows = new PostgresRows(codec);
    }

    /** Connects, migrates the schema to this version's and returns the store. */
    public static PostgresGatewayStore open(PostgresSettings settings, JsonCodec codec) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setPoolName("lantaarn-store");
        config.setAutoCommit(true);
        config.setInitializationFailTimeout(30_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + settings.jdbcUrl() + ": " + e.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration/postgresql").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the schema at " + settings.jdbcUrl() + ": " + e.getMessage(), e);
        }
        return new PostgresGatewayStore(pool, codec);
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction, repeating it when it lost a deadlock or serialization race. */
    private <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = connection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                boolean race = "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                if (!race || attempt >= ATTEMPTS) {
                    throw new StoreException("store write failed: " + e.getMessage(), e);
                }
            }
        }
    }

    private <T> T read(Work<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new StoreException("store is closed");
        }
        return pool.getConnection();
    }

    @Override
    public SequencedResult storeSequenced(SequencedEntry entry) {
        return transaction(c -> sequencing.store(new PostgresSequencedRows(c), entry));
    }

    /**
     * One transaction for the batch. Entries are sequenced grouped by node (in their order within a node), so two
     * replicas' batches lock nodes in the same order and cannot deadlock; results come back in the caller's order.
     */
    @Override
    public List<SequencedResult> storeSequenced(List<SequencedEntry> entries) {
        List<Integer> order = IntStream.range(0, entries.size()).boxed()
                .sorted(Comparator.comparing(i -> entries.get(i).node())).toList();
        return transaction(c -> {
            PostgresSequencedRows r = new PostgresSequencedRows(c);
            SequencedResult[] out = new SequencedResult[entries.size()];
            for (int i : order) {
                out[i] = sequencing.store(r, entries.get(i));
            }
            return List.of(out);
        });
    }

    @Override
    public boolean seedReceipt(String node, long seq) {
        return transaction(c -> sequencing.seedReceipt(new PostgresSequencedRows(c), node, seq));
    }

    @Override
    public List<String> observations(String node, String stream, Instant from, Instant to, int limit) {
        return read(c -> rows.observations(c, node, stream, from, to, limit));
    }

    @Override
    public long pruneSequenced(Instant before) {
        return update("DELETE FROM sequenced s USING nodes n WHERE n.node = s.node AND s.received_ms < ? "
                + "AND s.twin_published AND s.seq <= n.contiguous_seq", before.toEpochMilli());
    }

    private void ensureNode(Connection c, String node, Instant seen) throws SQLException {
        new PostgresSequencedRows(c).lockNode(node, seen);
    }

    @Override
    public NodeRecord storeStatus(Status s, Instant receivedAt) {
        transaction(c -> {
            ensureNode(c, s.node(), receivedAt);
            if (s.state() == Status.State.ONLINE) {
                try (PreparedStatement p = c.prepareStatement("UPDATE nodes SET state = 'online', site = COALESCE(?, site), "
                        + "loc_lat = ?, loc_lon = ?, loc_height = ?, loc_description = ?, runtime_version = ?, "
                        + "config_version = ?, config_hash = ?, birth_json = ? WHERE node = ?")) {
                    p.setString(1, s.site());
                    Location l = s.location();
                    setNullable(p, 2, l == null ? null : l.lat());
                    setNullable(p, 3, l == null ? null : l.lon());
                    setNullable(p, 4, l == null ? null : l.height());
                    p.setString(5, l == null ? null : l.description());
                    p.setString(6, s.runtimeVersion());
                    if (s.configVersion() == null) {
                        p.setNull(7, Types.BIGINT);
                    } else {
                        p.setLong(7, s.configVersion());
                    }
                    p.setString(8, s.configHash());
                    p.setString(9, codec.encodeToString(s));
                    p.setString(10, s.node());
                    p.executeUpdate();
                }
            } else {
                try (PreparedStatement p = c.prepareStatement(
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
    public List<NodeRecord> nodes() {
        return read(c -> rows.nodes(c, null));
    }

    @Override
    public Optional<NodeRecord> node(String node) {
        return read(c -> rows.nodes(c, node).stream().findFirst());
    }

    @Override
    public void storeHealth(Health h, Instant receivedAt) {
        String json = codec.encodeToString(h);
        transaction(c -> {
            ensureNode(c, h.node(), receivedAt);
            execute(c, "INSERT INTO health (node, at_ms, received_ms, payload) VALUES (?, ?, ?, ?)", h.node(),
                    h.at().toEpochMilli(), receivedAt.toEpochMilli(), json);
            execute(c, "UPDATE nodes SET last_health_json = ? WHERE node = ?", json, h.node());
            return null;
        });
    }

    @Override
    public List<Health> healthHistory(String node, int limit) {
        return read(c -> rows.healthHistory(c, node, limit));
    }

    @Override
    public long pruneHealth(Instant before, int keepPerNode) {
        return update("DELETE FROM health WHERE received_ms < ?", before.toEpochMilli())
                + update("DELETE FROM health WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER "
                + "(PARTITION BY node ORDER BY at_ms DESC, id DESC) AS k FROM health) ranked WHERE k > ?)", keepPerNode);
    }

    @Override
    public void storeConfigAck(ConfigAck a, Instant receivedAt) {
        transaction(c -> {
            ensureNode(c, a.node(), receivedAt);
            execute(c, "INSERT INTO config_acks (node, version, sha256, result, reason, at_ms, received_ms) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", a.node(), a.version(), a.sha256(), a.result().wire(), a.reason(),
                    a.at().toEpochMilli(), receivedAt.toEpochMilli());
            return null;
        });
    }

    @Override
    public void storeDesiredConfig(DesiredConfig d) {
        update("INSERT INTO desired_configs (node, version, sha256, key_id, at_ms, by_name) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (node) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256, "
                + "key_id = excluded.key_id, at_ms = excluded.at_ms, by_name = excluded.by_name",
                d.node(), d.version(), d.sha256(), d.keyId(), d.at().toEpochMilli(), d.by());
    }

    @Override
    public Optional<DesiredConfig> desiredConfig(String node) {
        return read(c -> rows.desiredConfig(c, node));
    }

    @Override
    public Optional<ConfigAck> lastConfigAck(String node) {
        return read(c -> rows.lastConfigAck(c, node));
    }

    @Override
    public void storeRejection(RejectionRecord r) {
        transaction(c -> {
            execute(c, "INSERT INTO rejections (at_ms, topic, reason, detail, size) VALUES (?, ?, ?, ?, ?)",
                    r.at().toEpochMilli(), r.topic(), r.reason(), r.detail(), r.size());
            execute(c, "INSERT INTO rejection_counts (reason, count) VALUES (?, 1) "
                    + "ON CONFLICT (reason) DO UPDATE SET count = rejection_counts.count + 1", r.reason());
            return null;
        });
    }

    @Override
    public RejectionSummary rejections(int recent) {
        return read(c -> rows.rejections(c, recent));
    }

    @Override
    public long pruneRejections(Instant before, int keep) {
        return update("DELETE FROM rejections WHERE at_ms < ?", before.toEpochMilli())
                + update("DELETE FROM rejections WHERE id <= (SELECT id FROM rejections ORDER BY id DESC LIMIT 1 OFFSET ?)",
                keep);
    }

    @Override
    public List<PendingTwin> pendingTwin(int limit) {
        return read(c -> rows.pendingTwin(c, limit, null));
    }

    /** Only the partitions {@code owned} holds, filtered in the query (replicas). */
    @Override
    public List<PendingTwin> pendingTwin(int limit, NodeOwnership owned) {
        if (owned instanceof PartitionLeases leases) {
            return read(c -> rows.pendingTwin(c, limit, leases));
        }
        return GatewayStore.super.pendingTwin(limit, owned);
    }

    /** A twin round; with leases (replicas) only the partitions they hold now, filtered in the query. */
    @Override
    public List<PendingTwin> pendingTwinRound(int limit, int perNode, String after, NodeOwnership owned) {
        PartitionLeases leases = owned instanceof PartitionLeases l ? l : null;
        List<PendingTwin> rows = read(c -> {
            PostgresPendingTwin dialect = new PostgresPendingTwin(c, leases);
            return dialect.ownsNothing() ? List.<PendingTwin>of() : JdbcPendingTwin.read(c, dialect, after, perNode, limit);
        });
        return leases != null || owned.ownsAll() ? rows : rows.stream().filter(p -> owned.owns(p.node())).toList();
    }

    /** Leases on the node partitions of this store, for one replica; {@link PartitionLeases#start()} takes them. */
    public PartitionLeases leases(int partitions) {
        return new PartitionLeases(() -> java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(),
                pool.getPassword()), partitions);
    }

    @Override
    public void markTwinPublished(String node, long seq) {
        markTwinPublished(List.of(new TwinKey(node, seq)), Instant.now());
    }

    @Override
    public long unmarkTwinPublishedSince(Instant since) {
        return update("UPDATE sequenced SET twin_published = FALSE, twin_marked_ms = NULL WHERE twin_marked_ms >= ?",
                since.toEpochMilli());
    }

    @Override
    public void markTwinPublished(List<TwinKey> keys, Instant at) {
        if (keys.isEmpty()) {
            return;
        }
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE sequenced SET twin_published = TRUE, twin_marked_ms = ? WHERE node = ? AND seq = ?")) {
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
    public void storeAuditAnchor(AuditAnchor a) {
        update("INSERT INTO audit_anchor (id, entries, head, at_ms) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                + "SET entries = excluded.entries, head = excluded.head, at_ms = excluded.at_ms",
                a.entries(), a.head(), a.at().toEpochMilli());
    }

    @Override
    public Optional<AuditAnchor> auditAnchor() {
        return read(rows::auditAnchor);
    }

    @Override
    public boolean isUsable() {
        if (closed) {
            return false;
        }
        try {
            return read(c -> c.isValid(5));
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
        pool.close();
    }

    private long update(String sql, Object... args) {
        return transaction(c -> execute(c, sql, args));
    }

    private static long execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                setNullable(p, i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }

    private static void setNullable(PreparedStatement p, int i, Object v) throws SQLException {
        switch (v) {
            case null -> p.setNull(i, Types.NULL);
            case String s -> p.setString(i, s);
            case Long l -> p.setLong(i, l);
            case Integer n -> p.setInt(i, n);
            case Double d -> p.setDouble(i, d);
            default -> throw new IllegalArgumentException("unsupported parameter " + v.getClass());
        }
    }

    /** Rows currently in {@code table}, for bounds checks and tests. */
    long count(String table) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                 var rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
