package org.lantaarn.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.lantaarn.gateway.store.FleetStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.postgres.PostgresGatewayStore;
import org.lantaarn.gateway.store.postgres.PostgresSettings;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.testkit.store.PostgresServer;

/**
 * City ingest (issue 13): GatewayIngestBench's stream ({@code nodes} {@code mosquitto_pub} at QoS 1, {@code messages}
 * observations) through a real Mosquitto into, side by side: the storage-free relay (the baseline), the raw
 * {@code mosquitto_sub} (context), one gateway on SQLite, and 1, 2 and 3 gateway replicas (separate JVMs, shared
 * subscription {@code $share/lantaarn-gateway/...}) on one throw-away PostgreSQL 15 with fsync on. Each gateway
 * configuration gets a fresh broker and a fresh store. The rate is messages over the time from the first publish until
 * a QoS 2 twin subscriber (receive maximum 65535) has every (node, seq); beside it, the rate until the store held
 * them all (polled on a read-only connection), which tells the store hop from the twin hop. Afterwards the store must
 * hold each (node, seq) exactly once, or the run fails.
 */
final class CityIngestBench {
    private static final int PARTITIONS = 16;
    private static final Pattern HELD = Pattern.compile("node partitions held by this replica: (\\d+) of (\\d+)");

    private CityIngestBench() {}

    static Result run(int nodes, int messages, int runs, List<Integer> replicas) throws Exception {
        JsonCodec codec = new JsonCodec();
        Path scratch = Infra.scratch("city-ingest");
        int perNode = messages / nodes;
        int total = perNode * nodes;
        List<Path> files = streams(codec, scratch, nodes, perNode);
        PostgresServer pg = CityRig.postgres();
        double[] raw = new double[runs];
        double[] relay = new double[runs];
        double[] sqlite = new double[runs];
        Map<String, double[]> storedRates = new LinkedHashMap<>();
        Map<String, Long> repeatsBy = new LinkedHashMap<>();
        Map<Integer, double[]> pgRates = new LinkedHashMap<>();
        replicas.forEach(n -> pgRates.put(n, new double[runs]));
        long repeats = 0;
        for (int r = 0; r < runs; r++) {
            try (Infra.Broker broker = Infra.broker(scratch)) {
                raw[r] = Baselines.raw(broker, codec, files, CityIngestBench::node, total, scratch);
                relay[r] = Baselines.relay(broker, codec, files, CityIngestBench::node, total, scratch);
            }
            Path dir = scratch.resolve("run-" + r);
            Rate s = gateways(codec, files, nodes, perNode, dir.resolve("sqlite"), 1, null);
            sqlite[r] = s.perSecond;
            storedRates.computeIfAbsent("sqlite", k -> new double[runs])[r] = s.storedPerSecond;
            repeatsBy.merge("sqlite", s.twinRepeats, Long::sum);
            repeats += s.twinRepeats;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "city ingest run %d: raw %.0f, relay %.0f, sqlite %.0f", r + 1, raw[r], relay[r], sqlite[r]));
            for (int n : replicas) {
                Rate p = gateways(codec, files, nodes, perNode, dir.resolve("pg" + n), n, pg.jdbcUrl(pg.newDatabase()));
                pgRates.get(n)[r] = p.perSecond;
                storedRates.computeIfAbsent("postgres" + n, k -> new double[runs])[r] = p.storedPerSecond;
                repeatsBy.merge("postgres" + n, p.twinRepeats, Long::sum);
                repeats += p.twinRepeats;
                line.append(String.format(Locale.ROOT, ", postgres x%d %.0f", n, p.perSecond));
            }
            System.err.println(line + " msg/s");
        }
        Infra.delete(scratch);
        int city = replicas.getLast();
        Result res = new Result("city-pg-ingest", "messages/s", pgRates.get(city), relay, Double.NaN, true,
                "PostgreSQL with 1, 2, 3 replicas side by side (no goal); 'lantaarn' is " + city + " replicas");
        double b = Result.median(relay);
        res.extra("nodes", nodes).extra("messages", total).extra("rawMosquittoSub", Result.median(raw))
                .extra("relayToRaw", Result.median(relay) / Result.median(raw))
                .extra("sqlite", Result.median(sqlite)).extra("sqliteToRelay", Result.median(sqlite) / b);
        res.row("relay (baseline)", String.format(Locale.ROOT, "%.0f msg/s", b));
        res.row("sqlite x1", String.format(Locale.ROOT, "%.0f msg/s  %.3f x relay", Result.median(sqlite), Result.median(sqlite) / b));
        for (Map.Entry<Integer, double[]> e : pgRates.entrySet()) {
            double m = Result.median(e.getValue());
            res.extra("postgres" + e.getKey(), m).extra("postgres" + e.getKey() + "ToRelay", m / b)
                    .extra("postgres" + e.getKey() + "Runs", java.util.Arrays.stream(e.getValue()).map(Result::round).boxed().toList());
            res.row("postgres x" + e.getKey(), String.format(Locale.ROOT, "%.0f msg/s  %.3f x relay", m, m / b));
        }
        for (Map.Entry<String, double[]> e : storedRates.entrySet()) {
            res.extra(e.getKey() + "StoredRate", Result.median(e.getValue()));
            res.row(e.getKey() + " stored", String.format(Locale.ROOT, "%.0f msg/s until the store held all", Result.median(e.getValue())));
        }
        res.extra("sqliteRuns", java.util.Arrays.stream(sqlite).map(Result::round).boxed().toList());
        res.extra("twinRepeats", repeats).extra("twinRepeatsBy", repeatsBy).extra("partitions", PARTITIONS).extra("postgresFsync", "on");
        return res;
    }

    /** Messages per second until the twin had all, until the store had all, and how many twin copies came twice. */
    private record Rate(double perSecond, double storedPerSecond, long twinRepeats) {}

    static List<Path> streams(JsonCodec codec, Path scratch, int nodes, int perNode) throws Exception {
        return Baselines.streams(codec, scratch, nodes, perNode, CityIngestBench::node);
    }

    static String node(int n) {
        return String.format(Locale.ROOT, "city-%03d", n + 1);
    }

    /**
     * One configuration on a fresh broker: {@code count} gateways ({@code jdbcUrl} null: one SQLite gateway), births,
     * the stream, the twin complete, then the store checked.
     */
    private static Rate gateways(JsonCodec codec, List<Path> files, int nodes, int perNode, Path dir, int count, String jdbcUrl)
            throws Exception {
        int total = nodes * perNode;
        List<CityRig.GatewayProcess> gws = new ArrayList<>();
        try (Infra.Broker broker = Infra.broker(Files.createDirectories(dir))) {
            try {
                for (int i = 1; i <= count; i++) {
                    gws.add(CityRig.GatewayProcess.start(dir, "gw" + i, broker.uri(), jdbcUrl, jdbcUrl != null, PARTITIONS));
                }
                if (jdbcUrl != null) {
                    awaitPartitionsHeld(gws);
                }
                births(broker, codec, nodes, dir);
                long t0;
                long t1;
                java.util.concurrent.Future<Long> storedAt;
                long repeats;
                try (CityRig.TwinCounter twin = new CityRig.TwinCounter(broker, "lantaarn/v1/twin/+/+/noise", total)) {
                    t0 = System.nanoTime();
                    List<Process> pubs = Baselines.publishAll(broker, codec, files, CityIngestBench::node);
                    storedAt = storedAt(jdbcUrl == null ? "jdbc:sqlite:" + gws.getFirst().dataDir.resolve("gateway.db") : jdbcUrl, total);
                    t1 = twin.awaitComplete(Duration.ofMinutes(10));
                    for (Process p : pubs) {
                        Infra.await(p, Duration.ofMinutes(1), "mosquitto_pub");
                    }
                    repeats = twin.lines() - twin.distinct();
                }
                if (jdbcUrl == null) {
                    gws.getFirst().close(); // SQLite: one writer; read the file once the gateway is gone
                    try (SqliteGatewayStore store = SqliteGatewayStore.open(gws.getFirst().dataDir, codec)) {
                        check(store, nodes, perNode, "sqlite");
                    }
                } else {
                    try (PostgresGatewayStore store = PostgresGatewayStore.open(
                            new PostgresSettings(jdbcUrl, PostgresServer.USER, null, 2), codec)) {
                        check(store, nodes, perNode, "postgres x" + count);
                    }
                }
                return new Rate(total / ((t1 - t0) / 1e9), total / ((storedAt.get() - t0) / 1e9), repeats);
            } finally {
                for (CityRig.GatewayProcess g : gws) {
                    g.close();
                }
            }
        }
    }

    /**
     * Polls the store (a read-only connection of its own, every 100 ms) until it holds {@code total} observations;
     * the future's value is System.nanoTime() then. Beside the twin's time it shows which hop is the bottleneck.
     */
    private static java.util.concurrent.Future<Long> storedAt(String jdbcUrl, long total) {
        java.util.concurrent.CompletableFuture<Long> at = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("bench-store-poll").start(() -> {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("user", PostgresServer.USER);
            p.setProperty("open_mode", "1"); // SQLite: read-only
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, p);
                 java.sql.PreparedStatement q = c.prepareStatement("SELECT coalesce(sum(observations), 0) FROM nodes")) {
                while (System.nanoTime() < deadline) {
                    try (java.sql.ResultSet rs = q.executeQuery()) {
                        if (rs.next() && rs.getLong(1) >= total) {
                            at.complete(System.nanoTime());
                            return;
                        }
                    }
                    Infra.sleep(100);
                }
                at.completeExceptionally(new IllegalStateException("the store did not hold " + total + " observations within 10 min"));
            } catch (java.sql.SQLException | RuntimeException e) {
                at.completeExceptionally(e);
            }
        });
        return at;
    }

    /** Every (node, seq) stored exactly once: each node's observations and contiguous seq are {@code perNode}. */
    private static void check(FleetStore store, int nodes, int perNode, String what) {
        for (int n = 0; n < nodes; n++) {
            NodeRecord r = store.node(node(n)).orElseThrow(() -> new IllegalStateException(what + ": a node is missing"));
            if (r.observations() != perNode || r.contiguousSeq() == null || r.contiguousSeq() != perNode) {
                throw new IllegalStateException(what + ": node " + r.node() + " has " + r.observations() + " observations, contiguous seq "
                        + r.contiguousSeq() + "; expected " + perNode);
            }
        }
    }

    /** Waits until the replicas' logs say that, together, they hold every node partition. */
    private static void awaitPartitionsHeld(List<CityRig.GatewayProcess> gws) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            int held = 0;
            for (CityRig.GatewayProcess g : gws) {
                Matcher m = HELD.matcher(Files.readString(g.log, StandardCharsets.UTF_8));
                int last = 0;
                while (m.find()) {
                    last = Integer.parseInt(m.group(1));
                }
                held += last;
            }
            if (held >= PARTITIONS) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replicas hold " + held + " of " + PARTITIONS + " partitions after 90 s");
            }
            Infra.sleep(200);
        }
    }

    /**
     * Publishes every node's birth and waits until the twin has each node's status (so each node's site is in the
     * store). Not retained: retained messages do not reach shared subscriptions.
     */
    private static void births(Infra.Broker broker, JsonCodec codec, int nodes, Path dir) throws Exception {
        Process statuses = new ProcessBuilder("mosquitto_sub", "-p", Integer.toString(broker.port), "-q", "1", "-V", "mqttv5",
                "-t", "lantaarn/v1/twin/+/+/status", "-C", Integer.toString(nodes), "-W", "90").redirectErrorStream(true)
                .redirectOutput(dir.resolve("statuses.out").toFile()).start();
        Infra.sleep(400);
        MqttClient c = new MqttClient(broker.uri(), "bench-births", new MemoryPersistence());
        c.connect(new MqttConnectionOptions());
        for (int n = 0; n < nodes; n++) {
            c.publish(codec.topics().status(node(n)), Infra.birth(codec, node(n), "bench-site"), 1, false);
        }
        c.disconnect();
        c.close();
        Infra.await(statuses, Duration.ofSeconds(120), "twin status subscriber");
        if (statuses.exitValue() != 0) {
            throw new IllegalStateException("the twin did not get every node's status; see " + dir.resolve("statuses.out"));
        }
    }
}
