package org.lantaarn.gateway.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.NodeOwnership;
import org.lantaarn.gateway.store.rules.JdbcPendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.gateway.store.StoreException;
import org.lantaarn.gateway.store.jdbc.JdbcAggregates;
import org.lantaarn.gateway.store.jdbc.JdbcAuditAnchorRows;
import org.lantaarn.gateway.store.jdbc.JdbcDialect;
import org.lantaarn.gateway.store.rules.Sequencing;
import org.lantaarn.protocol.JsonCodec;

/**
 * The embedded store: one SQLite file ({@code gateway.db}) in WAL mode, for a single gateway. Transactions, the
 * writer thread and group commit are {@link SqliteWriter}'s, the schema {@link SqliteSchema}'s, the sequencing rows
 * {@link SqliteSequencedRows}'; the SQL of each aggregate is shared with PostgreSQL ({@code store.jdbc}), and this
 * class runs it on the writer's connections. Thread-safe.
 */
public final class SqliteGatewayStore extends JdbcAggregates implements GatewayStore {
    /** File name of the database inside the data directory. */
    public static final String FILE_NAME = "gateway.db";

    /** {@code PRAGMA user_version} of the current schema (see {@link SqliteSchema}). */
    static final int SCHEMA_VERSION = SqliteSchema.SCHEMA_VERSION;

    private final Path file;
    private final SqliteWriter db;
    private final Connection writeConnection;
    private final Sequencing sequencing;
    private final SqliteSequencedRows rows;
    private final SqliteReads reads;

    private SqliteGatewayStore(Path file, JsonCodec codec) {
        super(codec, JdbcDialect.SQLITE);
        this.file = file;
        this.db = new SqliteWriter(file);
        this.writeConnection = db.connection();
        this.sequencing = new Sequencing(codec);
        this.rows = new SqliteSequencedRows(writeConnection);
        this.reads = new SqliteReads(db);
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

    @Override
    protected void ensureNode(Connection c, String node, Instant seen) throws SQLException {
        rows.lockNode(node, seen); // rows runs on the write connection, the only one writes get
    }

    @Override
    protected <T> T write(OnConnection<T> work) {
        return db.transaction(() -> work.run(writeConnection));
    }

    @Override
    protected <T> T read(OnConnection<T> work) {
        return db.read(work::run);
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
            return JdbcAuditAnchorRows.read(c);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit anchor from " + f + ": " + e.getMessage(), e);
        }
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
}
