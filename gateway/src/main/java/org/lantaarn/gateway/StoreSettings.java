package org.lantaarn.gateway;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which store the gateway uses and how big its tables may grow. In YAML, every key optional:
 *
 * <pre>
 * store:
 *   url: jdbc:postgresql://db.example:5432/lantaarn   # absent: the embedded SQLite file in dataDir
 *   user: lantaarn
 *   passwordFile: /etc/lantaarn/db-password           # absent: no password (peer, trust or certificate)
 *   poolSize: 8                                        # connections per gateway
 *   observationRetention: 0                            # 0: keep for ever; e.g. 400d
 *   healthRetention: 30d
 *   healthPerNode: 1000                                # newest reports kept per node
 *   rejectionRetention: 30d
 *   rejectionsKept: 10000                              # newest rejections kept (counts per reason stay)
 *   pruneEvery: 10m
 *   twinRepublishWindow: 60s                           # republished after a broker lost its state
 *   partitions: 16                                     # replicas (PostgreSQL + sharedSubscription): node partitions
 * </pre>
 *
 * @param url                  JDBC URL of a PostgreSQL store, or {@code null} for SQLite
 * @param user                 database user
 * @param passwordFile         file holding the database password, or {@code null}
 * @param poolSize             connections per gateway (PostgreSQL)
 * @param observationRetention how long observations and gaps are kept once the twin has them; zero: for ever. On
 *                             PostgreSQL whole days of reception go at a time (up to one day later)
 * @param healthRetention      how long health history is kept
 * @param healthPerNode        newest health reports kept per node
 * @param rejectionRetention   how long rejections are kept
 * @param rejectionsKept       newest rejections kept
 * @param pruneEvery           how often the tables are pruned
 * @param twinRepublishWindow  twin messages marked this long before a broker lost its state are published again
 * @param partitions           node partitions whose receipts and twin messages one replica at a time publishes
 */
public record StoreSettings(String url, String user, Path passwordFile, int poolSize, Duration observationRetention,
                            Duration healthRetention, int healthPerNode, Duration rejectionRetention, int rejectionsKept,
                            Duration pruneEvery, Duration twinRepublishWindow, int partitions) {
    public StoreSettings {
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new GatewayConfigException("store.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + url);
        }
        if (poolSize < 2) {
            throw new GatewayConfigException("store.poolSize must be at least 2: " + poolSize);
        }
        requireNotNegative("store.observationRetention", observationRetention);
        requirePositive("store.healthRetention", healthRetention);
        requirePositive("store.rejectionRetention", rejectionRetention);
        requirePositive("store.pruneEvery", pruneEvery);
        requireNotNegative("store.twinRepublishWindow", twinRepublishWindow);
        if (partitions < 1 || partitions > 4096) {
            throw new GatewayConfigException("store.partitions must be between 1 and 4096: " + partitions);
        }
        if (healthPerNode < 1 || rejectionsKept < 1) {
            throw new GatewayConfigException("store.healthPerNode and store.rejectionsKept must be at least 1");
        }
    }

    /** SQLite in the data directory; health and rejections kept 30 days (at most 1,000 per node, 10,000); observations for ever. */
    public static StoreSettings defaults() {
        return new StoreSettings(null, "lantaarn", null, 8, Duration.ZERO, Duration.ofDays(30), 1000, Duration.ofDays(30),
                10_000, Duration.ofMinutes(10), Duration.ofSeconds(60), 16);
    }

    public boolean postgres() {
        return url != null;
    }

    public StoreSettings withUrl(String v) {
        return new StoreSettings(v, user, passwordFile, poolSize, observationRetention, healthRetention, healthPerNode,
                rejectionRetention, rejectionsKept, pruneEvery, twinRepublishWindow, partitions);
    }

    public StoreSettings withUser(String v) {
        return new StoreSettings(url, v, passwordFile, poolSize, observationRetention, healthRetention, healthPerNode,
                rejectionRetention, rejectionsKept, pruneEvery, twinRepublishWindow, partitions);
    }

    public StoreSettings withPasswordFile(Path v) {
        return new StoreSettings(url, user, v, poolSize, observationRetention, healthRetention, healthPerNode,
                rejectionRetention, rejectionsKept, pruneEvery, twinRepublishWindow, partitions);
    }

    public StoreSettings withPoolSize(int v) {
        return new StoreSettings(url, user, passwordFile, v, observationRetention, healthRetention, healthPerNode,
                rejectionRetention, rejectionsKept, pruneEvery, twinRepublishWindow, partitions);
    }

    public StoreSettings withObservationRetention(Duration v) {
        return new StoreSettings(url, user, passwordFile, poolSize, v, healthRetention, healthPerNode,
                rejectionRetention, rejectionsKept, pruneEvery, twinRepublishWindow, partitions);
    }

    public StoreSettings withHealthRetention(Duration v) {
        return new StoreSettings(url, user, passwordFile, poolSize, observationRetention, v, healthPerNode,
                rejectionRetention, rejectionsKept, pruneEvery, twinRepublishWindow, partitions);
    }

    public StoreSettings withHealthPerNode(int v) {
        return new StoreSettings(url, user, passwordFile, poolSize, observationRetention, healthRetention, v,
                rejectionRetention, rejectionsKept, pruneEvery, twinRepublishWindow, partitions);
    }

    public StoreSettings withRejectionRetention(Duration v) {
        return new StoreSettings(url, user, passwordFile, poolSize, observationRetention, healthRetention, healthPerNode,
                v, rejectionsKept, pruneEvery, twinRepublishWindow, partitions);
    }

    public StoreSettings withRejectionsKept(int v) {
        return new StoreSettings(url, user, passwordFile, poolSize, observationRetention, healthRetention, healthPerNode,
                rejectionRetention, v, pruneEvery, twinRepublishWindow, partitions);
    }

    public StoreSettings withPruneEvery(Duration v) {
        return new StoreSettings(url, user, passwordFile, poolSize, observationRetention, healthRetention, healthPerNode,
                rejectionRetention, rejectionsKept, v, twinRepublishWindow, partitions);
    }

    public StoreSettings withTwinRepublishWindow(Duration v) {
        return new StoreSettings(url, user, passwordFile, poolSize, observationRetention, healthRetention, healthPerNode,
                rejectionRetention, rejectionsKept, pruneEvery, v, partitions);
    }

    public StoreSettings withPartitions(int v) {
        return new StoreSettings(url, user, passwordFile, poolSize, observationRetention, healthRetention, healthPerNode,
                rejectionRetention, rejectionsKept, pruneEvery, twinRepublishWindow, v);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new GatewayConfigException(name + " must be a positive duration: " + d);
        }
    }

    private static void requireNotNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new GatewayConfigException(name + " must not be negative: " + d);
        }
    }
}
