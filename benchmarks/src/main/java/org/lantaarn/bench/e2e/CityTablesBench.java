package org.lantaarn.bench.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lantaarn.gateway.StoreSettings;
import org.lantaarn.gateway.retention.Pruner;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.TwinQueue;
import org.lantaarn.gateway.store.postgres.PostgresGatewayStore;
import org.lantaarn.gateway.store.postgres.PostgresSettings;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.StreamHealth;
import org.lantaarn.testkit.store.PostgresServer;

/**
 * Table sizes after a day (issue 13), in compressed time: the harness is the gateway's ingest and twin feed, calling
 * the store directly with the times a real day would have (a fake clock; nothing waits). {@code nodes} nodes send
 * {@code streams} observations every {@code window}, a health report every {@code healthEvery} and
 * {@code rejectionsPerNodeHour} rejected messages an hour; after every tick the twin takes every pending row (marked
 * published at that simulated time), and every {@code pruneEvery} the real {@link Pruner} runs a round with the
 * configured bounds. After each round every bound is checked on the tables themselves (SQL): health rows per node and
 * their age, rejections kept and their age, observation age, and the twin queue empty after its drain. Any excess fails
 * the run. At the end: rows and bytes per table, on SQLite and on PostgreSQL.
 */
final class CityTablesBench {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final String[] STREAMS = {"climate", "particulates", "motion", "noise", "visitors", "rain"};
    private static final List<String> TABLES = List.of("sequenced", "health", "rejections", "rejection_counts", "nodes", "dropped_ranges");

    private CityTablesBench() {}

    /** The bounds of the run: the defaults, with retentions short enough that a day reaches each of them. */
    static StoreSettings bounds(Duration observationRetention, Duration healthRetention, int healthPerNode, Duration rejectionRetention,
                                int rejectionsKept, Duration pruneEvery) {
        return StoreSettings.defaults().withObservationRetention(observationRetention).withHealthRetention(healthRetention)
                .withHealthPerNode(healthPerNode).withRejectionRetention(rejectionRetention).withRejectionsKept(rejectionsKept)
                .withPruneEvery(pruneEvery);
    }

    record Traffic(int nodes, int streams, Duration hours, Duration window, Duration healthEvery, int rejectionsPerNodeHour) {}

    static Result run(Traffic t, StoreSettings limits, List<String> backends) throws Exception {
        JsonCodec codec = new JsonCodec();
        Path scratch = Infra.scratch("city-tables");
        Map<String, Map<String, Object>> per = new LinkedHashMap<>();
        List<String> exceeded = new ArrayList<>();
        double[] seconds = new double[backends.size()];
        int k = 0;
        for (String backend : backends) {
            long t0 = System.nanoTime();
            Map<String, Object> figures = switch (backend) {
                case "sqlite" -> {
                    try (SqliteGatewayStore store = SqliteGatewayStore.open(scratch.resolve("sqlite"), codec);
                         Connection sql = DriverManager.getConnection("jdbc:sqlite:" + store.file())) {
                        yield day(store, sql, false, codec, t, limits, exceeded, backend);
                    }
                }
                case "postgres" -> {
                    PostgresServer pg = CityRig.postgres();
                    String url = pg.jdbcUrl(pg.newDatabase());
                    try (PostgresGatewayStore store = PostgresGatewayStore.open(new PostgresSettings(url, PostgresServer.USER, null, 4), codec);
                         Connection sql = DriverManager.getConnection(url, PostgresServer.USER, null)) {
                        yield day(store, sql, true, codec, t, limits, exceeded, backend);
                    }
                }
                default -> throw new IllegalArgumentException("unknown backend " + backend + " (sqlite, postgres)");
            };
            seconds[k++] = (System.nanoTime() - t0) / 1e9;
            figures.put("wallSeconds", Result.round(seconds[k - 1]));
            per.put(backend, figures);
        }
        Infra.delete(scratch);
        Result r = new Result("city-table-sizes", "simulated seconds per wall-clock second", new double[] {t.hours().toSeconds() / seconds[0]},
                new double[] {1}, Double.NaN, true, "every table within its configured bound after every pruning round of a simulated day");
        r.extra("goalMet", exceeded.isEmpty()).extra("boundsExceeded", exceeded);
        r.extra("nodes", t.nodes()).extra("streamsPerNode", t.streams()).extra("simulated", t.hours().toString())
                .extra("window", t.window().toString()).extra("healthEvery", t.healthEvery().toString())
                .extra("rejectionsPerNodeHour", t.rejectionsPerNodeHour())
                .extra("observationRetention", limits.observationRetention().toString()).extra("healthRetention", limits.healthRetention().toString())
                .extra("healthPerNode", limits.healthPerNode()).extra("rejectionRetention", limits.rejectionRetention().toString())
                .extra("rejectionsKept", limits.rejectionsKept()).extra("pruneEvery", limits.pruneEvery().toString());
        for (Map.Entry<String, Map<String, Object>> e : per.entrySet()) {
            r.extra(e.getKey(), e.getValue());
            for (String table : TABLES) {
                Object rows = e.getValue().get(table + ".rows");
                Object bytes = e.getValue().get(table + ".bytes");
                r.row(e.getKey() + " " + table, String.format(Locale.ROOT, "%s rows, %s bytes", rows, bytes));
            }
            r.row(e.getKey() + " twin queue", e.getValue().get("twinQueue.rows") + " rows pending (peak " + e.getValue().get("twinQueue.peak") + ")");
        }
        return r;
    }

    /** Drives one store through the day; returns its figures and adds any bound exceeded to {@code exceeded}. */
    private static Map<String, Object> day(GatewayStore store, Connection sql, boolean postgres, JsonCodec codec, Traffic t,
                                           StoreSettings limits, List<String> exceeded, String backend) throws SQLException {
        MutableClock clock = new MutableClock(T0);
        Pruner pruner = new Pruner(store, limits, clock);
        for (int n = 0; n < t.nodes(); n++) {
            store.storeStatus(birth(node(n), T0), T0);
        }
        long[] seq = new long[t.nodes()];
        long rejectionsDue = 0;
        long peakPending = 0;
        long rounds = 0;
        long nextHealth = 0;
        long nextPrune = limits.pruneEvery().toMillis();
        long end = t.hours().toMillis();
        long stored = 0;
        for (long ms = t.window().toMillis(); ms <= end; ms += t.window().toMillis()) {
            Instant now = T0.plusMillis(ms);
            clock.set(now);
            List<SequencedEntry> batch = new ArrayList<>(t.nodes() * t.streams());
            for (int n = 0; n < t.nodes(); n++) {
                for (int s = 0; s < t.streams(); s++) {
                    Observation o = observation(node(n), STREAMS[s], ++seq[n], now.minus(t.window()), now);
                    batch.add(SequencedEntry.of(o, codec, now));
                }
            }
            store.storeSequenced(batch);
            stored += batch.size();
            boolean health = ms >= nextHealth;
            if (health) {
                nextHealth = ms + t.healthEvery().toMillis();
            }
            long rejections = (t.rejectionsPerNodeHour() * (long) t.nodes() * ms / 3_600_000L) - rejectionsDue;
            rejectionsDue += rejections;
            store.inOneTransaction(() -> {
                for (int n = 0; health && n < t.nodes(); n++) {
                    store.storeHealth(health(node(n), now, seq[n]), now);
                }
                for (long i = 0; i < rejections; i++) {
                    store.storeRejection(new RejectionRecord(now, "lantaarn/v1/nodes/" + node((int) (i % t.nodes())) + "/obs/noise",
                            "schema-violation", "$.values.LAeq: must be a number, was \"loud\"", 180));
                }
                return null;
            });
            peakPending = Math.max(peakPending, drainTwin(store, now));
            if (ms >= nextPrune) {
                nextPrune = ms + limits.pruneEvery().toMillis();
                pruner.round();
                rounds++;
                check(sql, now, limits, exceeded, backend);
            }
        }
        pruner.close();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("observationsStored", stored);
        f.put("pruningRounds", rounds);
        for (String table : TABLES) {
            f.put(table + ".rows", count(sql, "SELECT count(*) FROM " + table));
            f.put(table + ".bytes", postgres ? pgBytes(sql, table) : sqliteBytes(sql, table));
        }
        f.put("twinQueue.rows", count(sql, "SELECT count(*) FROM sequenced WHERE " + (postgres ? "NOT twin_published" : "twin_published = 0")));
        f.put("twinQueue.peak", peakPending);
        if (postgres) {
            f.put("databaseBytes", count(sql, "SELECT pg_database_size(current_database())"));
        } else {
            f.put("fileBytes", count(sql, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"));
            f.put("freelistBytes", count(sql, "SELECT freelist_count * page_size FROM pragma_freelist_count(), pragma_page_size()"));
        }
        System.err.printf(Locale.ROOT, "tables %s: %s%n", backend, f);
        return f;
    }

    /** Publishes everything pending as the twin feed would, marked at {@code now}; returns how many rows were pending. */
    private static long drainTwin(GatewayStore store, Instant now) {
        long n = 0;
        while (true) {
            List<PendingTwin> rows = store.pendingTwin(5_000);
            if (rows.isEmpty()) {
                return n;
            }
            n += rows.size();
            store.markTwinPublished(rows.stream().map(p -> new TwinQueue.TwinKey(p.node(), p.seq())).toList(), now);
        }
    }

    /** Checks every configured bound on the tables themselves, right after a pruning round at {@code now}. */
    private static void check(Connection sql, Instant now, StoreSettings l, List<String> exceeded, String backend) throws SQLException {
        long healthPerNode = count(sql, "SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c FROM health GROUP BY node) x");
        long tooOldHealth = count(sql, "SELECT count(*) FROM health WHERE received_ms < " + now.minus(l.healthRetention()).toEpochMilli());
        long rejections = count(sql, "SELECT count(*) FROM rejections");
        long tooOldRejections = count(sql, "SELECT count(*) FROM rejections WHERE at_ms < " + now.minus(l.rejectionRetention()).toEpochMilli());
        // PostgreSQL drops whole day partitions: a row lives up to observationRetention + 1 day (docs/operations.md).
        Duration observationBound = "postgres".equals(backend)
                ? l.observationRetention().plusDays(1) : l.observationRetention();
        long tooOldObservations = l.observationRetention().isZero() ? 0
                : count(sql, "SELECT count(*) FROM sequenced WHERE received_ms < " + now.minus(observationBound).toEpochMilli());
        String at = backend + " at +" + Duration.between(T0, now);
        if (healthPerNode > l.healthPerNode()) {
            exceeded.add(at + ": " + healthPerNode + " health reports for one node > healthPerNode " + l.healthPerNode());
        }
        if (tooOldHealth > 0) {
            exceeded.add(at + ": " + tooOldHealth + " health reports older than healthRetention " + l.healthRetention());
        }
        if (rejections > l.rejectionsKept()) {
            exceeded.add(at + ": " + rejections + " rejections > rejectionsKept " + l.rejectionsKept());
        }
        if (tooOldRejections > 0) {
            exceeded.add(at + ": " + tooOldRejections + " rejections older than rejectionRetention " + l.rejectionRetention());
        }
        if (tooOldObservations > 0) {
            exceeded.add(at + ": " + tooOldObservations + " observations older than their bound " + observationBound);
        }
    }

    private static long count(Connection c, String query) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(query); ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Heap, indexes and TOAST of a table and of all its partitions, if it has any. */
    private static long pgBytes(Connection c, String table) throws SQLException {
        return count(c, "SELECT greatest(pg_total_relation_size('" + table + "'::regclass), (SELECT coalesce(sum(pg_total_relation_size(relid)), 0) "
                + "FROM pg_partition_tree('" + table + "'::regclass)))");
    }

    /** Pages of a table and of its indexes ({@code dbstat}). */
    private static long sqliteBytes(Connection c, String table) throws SQLException {
        return count(c, "SELECT coalesce(sum(d.pgsize), 0) FROM dbstat d JOIN sqlite_master m ON m.name = d.name WHERE m.tbl_name = '"
                + table + "'");
    }

    static String node(int n) {
        return String.format(Locale.ROOT, "lamp-%04d", n + 1);
    }

    private static Status birth(String node, Instant at) {
        return new Status(node, Status.State.ONLINE, at, "bench", 1L, "0".repeat(64), "city",
                new Location(51.6888, 5.3036, 6.0, "benchmark lamppost"), List.of());
    }

    private static Observation observation(String node, String stream, long seq, Instant start, Instant end) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        String[] names = {"mean", "min", "max", "p10", "p90"};
        for (int i = 0; i < names.length; i++) {
            values.put(names[i], 10.0 + i + (seq % 10) / 10.0);
            units.put(names[i], "1");
        }
        return new Observation(node, stream, stream, seq, start, end, values, units, new Quality(1.0, List.of()),
                new Privacy(null, List.of(), null, null));
    }

    private static Health health(String node, Instant at, long seq) {
        Map<String, StreamHealth> streams = new LinkedHashMap<>();
        for (String s : List.of(STREAMS).subList(0, 3)) {
            streams.put(s, new StreamHealth(0, "ok"));
        }
        return new Health(node, at, Duration.between(T0, at).toSeconds() + 60, 0, null, streams, List.of());
    }

    /** The simulated day's clock, set by the harness; the Pruner reads it. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
