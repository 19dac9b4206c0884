package org.lantaarn.gateway.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lantaarn.gateway.store.NodeOwnership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's leases on the node partitions of a shared PostgreSQL store: a session-level advisory lock per
 * partition ({@code pg_try_advisory_lock}), held on a connection of its own. PostgreSQL gives each lock to one
 * session at a time and releases it when that session ends, so a replica that dies (its connection closes) loses its
 * partitions at once and the others take them at their next try, every {@link #TRY_EVERY_MS} ms. A replica whose lock
 * connection fails drops every partition before it reconnects. Owns one thread ({@code lantaarn-leases}).
 */
public final class PartitionLeases implements NodeOwnership, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLeases.class);
    /** Advisory lock keys: this base plus the partition. */
    static final long KEY_BASE = 0x4C414E54_00000000L;
    static final long TRY_EVERY_MS = 1000;

    /** Opens a connection outside any pool: closing it must end the session (and so release its locks). */
    interface Sessions {
        Connection open() throws SQLException;
    }

    private final Sessions sessions;
    private final int partitions;
    private final ScheduledExecutorService timer;
    private Connection session;
    private volatile Set<Integer> owned = Set.of();

    PartitionLeases(Sessions sessions, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        this.sessions = sessions;
        this.partitions = partitions;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lantaarn-leases");
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes what partitions it can now and then every second. */
    public PartitionLeases start() {
        timer.scheduleWithFixedDelay(this::tryTake, 0, TRY_EVERY_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public boolean owns(String node) {
        return owned.contains(NodeOwnership.partitionOf(node, partitions));
    }

    public int partitions() {
        return partitions;
    }

    /** The partitions held now. */
    public Set<Integer> owned() {
        return owned;
    }

    private void tryTake() {
        try {
            if (session == null || !session.isValid(2)) {
                dropSession();
                session = sessions.open();
            }
            Set<Integer> next = new HashSet<>(owned);
            try (PreparedStatement p = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                for (int part = 0; part < partitions; part++) {
                    if (next.contains(part)) {
                        continue;
                    }
                    p.setLong(1, KEY_BASE + part);
                    try (ResultSet rs = p.executeQuery()) {
                        if (rs.next() && rs.getBoolean(1)) {
                            next.add(part);
                        }
                    }
                }
            }
            if (next.size() != owned.size()) {
                LOG.info("node partitions held by this replica: {} of {}", next.size(), partitions);
            }
            owned = Set.copyOf(next);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("partition leases: {}; holding none until the store answers", e.getMessage());
            dropSession();
        }
    }

    private void dropSession() {
        owned = Set.of();
        if (session != null) {
            try {
                session.close(); // ends the session: PostgreSQL releases its advisory locks
            } catch (SQLException ignored) {
                // gone already
            }
            session = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropSession();
    }
}
