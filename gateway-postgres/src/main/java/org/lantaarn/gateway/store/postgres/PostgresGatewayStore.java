package org.lantaarn.gateway.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeOwnership;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.rules.JdbcPendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.gateway.store.StoreException;
import org.lantaarn.gateway.store.jdbc.JdbcAggregates;
import org.lantaarn.gateway.store.jdbc.JdbcDialect;
import org.lantaarn.gateway.store.rules.Sequencing;
import org.lantaarn.protocol.JsonCodec;

/**
 * The gateway's store on PostgreSQL, shareable by several gateway replicas. Opening it migrates the schema (Flyway;
 * replicas starting at once take Flyway's lock in turn). Every write is one transaction on a pooled connection,
 * committed before the method returns; a transaction that loses a deadlock or serialization race to another replica
 * is repeated. The SQL it shares with SQLite is in {@code store.jdbc} and {@code store.rules}; what is its own:
 * replicas' node locks ({@link PostgresSequencedRows}), the day partitions of observations ({@link DayPartitions}),
 * the partition leases and the twin queue's query. Thread-safe.
 */
public final class PostgresGatewayStore extends JdbcAggregates implements GatewayStore {
    private static final int ATTEMPTS = 5;

    private final HikariDataSource pool;
    private final Sequencing sequencing;
    private final PostgresRows rows;
    private final DayPartitions partitions;
    private volatile boolean closed;

    private PostgresGatewayStore(HikariDataSource pool, JsonCodec codec) {
        super(codec, JdbcDialect.POSTGRESQL);
        this.pool = pool;
        this.sequencing = new Sequencing(codec);
        this.rows = new PostgresRows();
        this.partitions = new DayPartitions(pool);
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
        PostgresGatewayStore store = new PostgresGatewayStore(pool, codec);
        try {
            store.partitions.prepareAhead(Instant.now());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return store;
    }

    /** Runs {@code work} in one transaction, repeating it when it lost a deadlock or serialization race. */
    @Override
    protected <T> T write(OnConnection<T> work) {
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

    @Override
    protected <T> T read(OnConnection<T> work) {
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
        return inDayPartitions(List.of(entry), c -> sequencing.store(new PostgresSequencedRows(c), entry));
    }

    /**
     * Runs a sequencing transaction once the day partitions its entries go to exist. When another replica dropped one
     * this store thought was there (an entry received a retention ago: a clock far off), it is created again and the
     * transaction repeated.
     */
    private <T> T inDayPartitions(List<SequencedEntry> entries, OnConnection<T> work) {
        List<Long> days = entries.stream().map(e -> DayPartitions.dayOf(e.receivedAt().toEpochMilli())).distinct().toList();
        for (int attempt = 1; ; attempt++) {
            partitions.ensure(days);
            try {
                return write(work);
            } catch (StoreException e) {
                boolean noPartition = e.getCause() instanceof SQLException s && "23514".equals(s.getSQLState());
                if (!noPartition || attempt >= ATTEMPTS) {
                    throw e;
                }
                partitions.forget();
            }
        }
    }

    /**
     * One transaction for the batch. Entries are sequenced grouped by node (in their order within a node), so two
     * replicas' batches lock nodes in the same order and cannot deadlock; results come back in the caller's order.
     */
    @Override
    public List<SequencedResult> storeSequenced(List<SequencedEntry> entries) {
        List<Integer> order = IntStream.range(0, entries.size()).boxed()
                .sorted(Comparator.comparing(i -> entries.get(i).node())).toList();
        return inDayPartitions(entries, c -> {
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
        return write(c -> sequencing.seedReceipt(new PostgresSequencedRows(c), node, seq));
    }

    /**
     * Drops the day partitions received wholly before {@code before} that hold only rows the twin has at or below
     * their node's contiguous seq; from an old partition that still holds others, deletes the rows that may go. Rows
     * of the day {@code before} falls in wait until that whole day is older.
     */
    @Override
    public long pruneSequenced(Instant before) {
        try {
            return partitions.prune(before);
        } catch (SQLException e) {
            throw new StoreException("pruning observations failed: " + e.getMessage(), e);
        }
    }

    /** Creates the day partitions of today and the next {@value DayPartitions#AHEAD_DAYS} days where missing. */
    @Override
    public void prepareAhead(Instant now) {
        partitions.prepareAhead(now);
    }

    @Override
    protected void ensureNode(Connection c, String node, Instant seen) throws SQLException {
        new PostgresSequencedRows(c).lockNode(node, seen);
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
