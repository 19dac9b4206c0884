package org.lantaarn.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lantaarn.sim.Simulation;
import org.lantaarn.sim.city.Street;
import org.lantaarn.sim.city.VirtualCity;
import org.lantaarn.testkit.store.PostgresServer;

/**
 * Twin latency at city scale (issue 13): {@code nodes} simulated lampposts (real node runtimes in this JVM, as in
 * SimScaleBench: 3 streams of {@code window} windows each, clock-aligned, so every window closes on all nodes at once)
 * publish through a real Mosquitto to a gateway in its own JVM (SQLite, or {@code replicas} replicas on a throw-away
 * PostgreSQL). Two {@code mosquitto_sub} record arrival times: one on the nodes' topics (the baseline: what the
 * nodes' own publishing costs) and one at QoS 2 on the twin topics. Latency is arrival minus the window's end, for
 * every window of {@code windows} whole windows watched after all nodes connected; p50 and p99 of each, and of the
 * gateway's own hop (a window's first arrival on the twin minus its first arrival on the nodes' topic). The nodes'
 * topic is the baseline: no gateway can deliver a window before the node has published it.
 */
final class CityTwinLatencyBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CityTwinLatencyBench() {}

    static Result run(int nodes, Duration window, int windows, String storeKind, int replicas) throws Exception {
        Path scratch = Infra.scratch("city-twin-latency");
        boolean postgres = storeKind.equals("postgres");
        String jdbc = null;
        if (postgres) {
            PostgresServer pg = CityRig.postgres();
            jdbc = pg.jdbcUrl(pg.newDatabase());
        }
        int count = postgres ? replicas : 1;
        long[] raw;
        long[] twin;
        long[] gatewayHop;
        long expected = (long) nodes * 3 * windows;
        long missingTwin;
        long missingRaw;
        double startup;
        long from;
        long to;
        List<CityRig.GatewayProcess> gws = new ArrayList<>();
        try (Infra.Broker broker = Infra.broker(scratch)) {
            try {
                for (int i = 1; i <= count; i++) {
                    gws.add(CityRig.GatewayProcess.start(scratch, "gw" + i, broker.uri(), jdbc, postgres && count > 1, 16));
                }
                Path rawOut = scratch.resolve("nodes.txt");
                Path twinOut = scratch.resolve("twin.txt");
                Process rawSub = arrivals(broker, "lantaarn/v1/nodes/+/obs/#", 1, rawOut);
                Process twinSub = arrivals(broker, "lantaarn/v1/twin/+/+/+", 2, twinOut);
                Infra.sleep(500); // both subscriptions reach the broker first
                long t0 = System.nanoTime();
                try (Simulation sim = Simulation.start(VirtualCity.documents(Street.hinthamerstraat(), nodes, broker.uri(), window),
                        scratch.resolve("nodes"), Clock.systemUTC())) {
                    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                    while (sim.connected() < nodes) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("only " + sim.connected() + " of " + nodes + " nodes connected");
                        }
                        Infra.sleep(100);
                    }
                    startup = (System.nanoTime() - t0) / 1e9;
                    long w = window.toMillis();
                    // one whole window for the gateway to catch up with the births and first windows, then watch
                    from = (System.currentTimeMillis() / w + 2) * w;
                    to = from + windows * w;
                    Infra.sleep(Math.max(0, to + 2_000 - System.currentTimeMillis()));
                    // the watched windows are all on the twin, or 60 s more have passed (they count as missing)
                    long drain = System.currentTimeMillis() + 60_000;
                    while (System.currentTimeMillis() < drain && latencies(twinOut, from, to).length < expected) {
                        Infra.sleep(500);
                    }
                    try (var stop = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                        sim.runtimes().forEach(rt -> stop.submit(rt::close));
                    }
                }
                rawSub.destroy();
                twinSub.destroy();
                rawSub.waitFor();
                twinSub.waitFor();
                Map<String, long[]> rawArrivals = arrivals(rawOut, from, to);
                Map<String, long[]> twinArrivals = arrivals(twinOut, from, to);
                raw = rawArrivals.values().stream().mapToLong(a -> a[1] - a[0]).sorted().toArray();
                twin = twinArrivals.values().stream().mapToLong(a -> a[1] - a[0]).sorted().toArray();
                gatewayHop = hop(rawArrivals, twinArrivals);
                missingRaw = expected - raw.length;
                missingTwin = expected - twin.length;
            } finally {
                for (CityRig.GatewayProcess g : gws) {
                    g.close();
                }
            }
        } finally {
            Infra.delete(scratch);
        }
        double p99 = Result.percentile(twin, 99);
        Result r = new Result("city-twin-latency", "ms from window end to arrival (p99)", new double[] {p99},
                new double[] {Result.percentile(raw, 99)}, Double.NaN, false,
                "twin p99 < 250 ms at 1,000 nodes; baseline: the same windows on the nodes' topics");
        r.extra("goalMet", p99 < 250 && missingTwin == 0);
        r.extra("nodes", nodes).extra("streamsPerNode", 3).extra("window", window.toString()).extra("windowsWatched", windows)
                .extra("store", postgres ? "postgres x" + count : "sqlite").extra("startupSeconds", startup)
                .extra("expectedWindows", expected).extra("missingOnTwin", missingTwin).extra("missingOnNodesTopic", missingRaw)
                .extra("twinP50Ms", Result.percentile(twin, 50)).extra("twinP99Ms", p99)
                .extra("twinMaxMs", twin.length == 0 ? Double.NaN : (double) twin[twin.length - 1])
                .extra("nodesTopicP50Ms", Result.percentile(raw, 50)).extra("nodesTopicP99Ms", Result.percentile(raw, 99))
                .extra("gatewayHopP50Ms", Result.percentile(gatewayHop, 50)).extra("gatewayHopP99Ms", Result.percentile(gatewayHop, 99));
        System.err.printf(Locale.ROOT, "twin latency %d nodes: twin p50 %.0f p99 %.0f ms, nodes' topic p50 %.0f p99 %.0f ms, "
                + "gateway hop p50 %.0f p99 %.0f ms, %d missing%n", nodes, Result.percentile(twin, 50), p99, Result.percentile(raw, 50),
                Result.percentile(raw, 99), Result.percentile(gatewayHop, 50), Result.percentile(gatewayHop, 99), missingTwin);
        return r;
    }

    /** {@code mosquitto_sub} writing {@code <unix time with ns> <topic> <payload>} per message. */
    private static Process arrivals(Infra.Broker broker, String filter, int qos, Path out) throws Exception {
        return new ProcessBuilder("mosquitto_sub", "-p", Integer.toString(broker.port), "-q", Integer.toString(qos), "-V", "mqttv5",
                "-t", filter, "-F", "%U %t %p", "-D", "connect", "receive-maximum", "65535").redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
    }

    /**
     * Sorted latencies (ms, arrival minus window end) of the observations whose window lies in {@code [from, to)}, the
     * first arrival of each (node, stream, window) only.
     */
    static long[] latencies(Path arrivals, long from, long to) throws Exception {
        return arrivals(arrivals, from, to).values().stream().mapToLong(a -> a[1] - a[0]).sorted().toArray();
    }

    /** Sorted differences (ms) between a window's first arrival on the twin and on the nodes' topic. */
    static long[] hop(Map<String, long[]> raw, Map<String, long[]> twin) {
        return twin.entrySet().stream().filter(e -> raw.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue()[1] - raw.get(e.getKey())[1]).sorted().toArray();
    }

    /** {@code node/stream/start} to {window end, first arrival} (ms) of the windows in {@code [from, to)}. */
    static Map<String, long[]> arrivals(Path arrivals, long from, long to) throws Exception {
        Map<String, long[]> first = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(arrivals)) {
            String line;
            while ((line = r.readLine()) != null) {
                int a = line.indexOf(' ');
                int b = line.indexOf(' ', a + 1);
                if (a < 0 || b < 0 || !Character.isDigit(line.charAt(0)) || line.substring(a + 1, b).endsWith("/status")) {
                    continue;
                }
                JsonNode json;
                try {
                    json = JSON.readTree(line.substring(b + 1));
                } catch (java.io.IOException partialLastLine) {
                    continue;
                }
                if (!json.has("start") || !json.has("end") || !json.has("stream")) {
                    continue;
                }
                long start = Instant.parse(json.get("start").asText()).toEpochMilli();
                long end = Instant.parse(json.get("end").asText()).toEpochMilli();
                if (start < from || end > to) {
                    continue;
                }
                long arrived = (long) (Double.parseDouble(line.substring(0, a)) * 1000);
                first.putIfAbsent(json.get("node").asText() + "/" + json.get("stream").asText() + "/" + start, new long[] {end, arrived});
            }
        }
        return first;
    }
}
