package org.lantaarn.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.lantaarn.bench.jmh.Samples;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.outbox.Outbox;
import org.lantaarn.node.uplink.DeliveryPolicy;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;

/**
 * Backlog drain: a node's outbox holds a day of 60 s windows for 6 streams (8,640 rows); the node starts (with no
 * streams of its own, and its publish pacing lifted) in front of a gateway, and the time runs until the gateway has
 * receipted every row and the node has deleted it. Baseline (issue 13): the storage-free relay, {@code mosquitto_pub}
 * publishing the same payloads at QoS 1 into {@code mosquitto_sub -q 1 | mosquitto_pub -q 2 -l}, counted by a QoS 2
 * {@code mosquitto_sub} (receive maximum 65535) on the same broker, the same crossings as the gateway's path. Raw, kept
 * beside it for context: the same {@code mosquitto_pub} while a {@code mosquitto_sub} at QoS 1 counts them.
 */
final class BacklogDrainBench {
    static final String NODE = "backlog-01";
    static final String[] STREAMS = {"noise", "air", "dust", "passers", "wifi", "rain"};

    private BacklogDrainBench() {}

    static Result run(int windowsPerStream, int runs) throws Exception {
        Path scratch = Infra.scratch("backlog");
        int rows = windowsPerStream * STREAMS.length;
        Path template = scratch.resolve("template");
        Path lines = scratch.resolve("payloads.lines");
        fill(template, windowsPerStream, lines);
        double[] raw = new double[runs];
        double[] relay = new double[runs];
        double[] lantaarn = new double[runs];
        for (int r = 0; r < runs; r++) {
            try (Infra.Broker broker = Infra.broker(scratch)) {
                Process sub = Infra.subscriber(broker, "lantaarn/v1/nodes/" + NODE + "/obs/raw", rows, scratch.resolve("raw.out"), "%t");
                long t0 = System.nanoTime();
                Process pub = Infra.publisher(broker, "lantaarn/v1/nodes/" + NODE + "/obs/raw", lines);
                Infra.await(sub, Duration.ofMinutes(5), "raw mosquitto_sub");
                raw[r] = rows / ((System.nanoTime() - t0) / 1e9);
                Infra.await(pub, Duration.ofMinutes(1), "mosquitto_pub");
                relay[r] = relayRate(broker, lines, rows, scratch);
                lantaarn[r] = drain(broker, template, scratch.resolve("run-" + r), rows, r);
                System.err.printf(Locale.ROOT, "backlog run %d: raw %.0f msg/s, relay %.0f msg/s, lantaarn %.0f msg/s%n",
                        r + 1, raw[r], relay[r], lantaarn[r]);
            }
        }
        double payloadBytes = (double) Files.size(lines) / rows - 1;
        Infra.delete(scratch);
        Result res = new Result("backlog-drain", "messages/s", lantaarn, relay, 0.5, true,
                ">= 0.5 x a storage-free relay (issue 13)");
        res.extra("rows", rows).extra("payloadBytes", payloadBytes);
        res.extra("rawMosquittoPub", Result.median(raw)).extra("relayToRaw", Result.median(relay) / Result.median(raw))
                .extra("lantaarnToRaw", Result.median(lantaarn) / Result.median(raw));
        res.extra("lantaarnSeconds", rows / Result.median(lantaarn)).extra("relaySeconds", rows / Result.median(relay))
                .extra("rawSeconds", rows / Result.median(raw));
        res.extra("secondsAtDefaultPacing", rows / DeliveryPolicy.defaults().publishesPerSecond());
        return res;
    }

    /**
     * The storage-free relay: the payloads published at QoS 1 on the node's topic, relayed by {@code mosquitto_sub -q 1
     * | mosquitto_pub -q 2 -l} onto one topic and counted there by a QoS 2 {@code mosquitto_sub}.
     */
    private static double relayRate(Infra.Broker broker, Path lines, int rows, Path scratch) throws Exception {
        String port = Integer.toString(broker.port);
        String topic = "lantaarn/v1/nodes/" + NODE + "/obs/relay";
        Process count = new ProcessBuilder("mosquitto_sub", "-p", port, "-q", "2", "-V", "mqttv5", "-t", "bench/relay",
                "-C", Integer.toString(rows), "-D", "connect", "receive-maximum", "65535").redirectErrorStream(true)
                .redirectOutput(scratch.resolve("relay.out").toFile()).start();
        Process relay = new ProcessBuilder("sh", "-c", "mosquitto_sub -p " + port + " -q 1 -V mqttv5 -t '" + topic + "' -C "
                + rows + " | mosquitto_pub -p " + port + " -q 2 -V mqttv5 -t bench/relay -l").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Infra.sleep(600); // both subscriptions reach the broker before anything is published
        long t0 = System.nanoTime();
        Process pub = Infra.publisher(broker, topic, lines);
        Infra.await(count, Duration.ofMinutes(5), "relay's counting mosquitto_sub");
        double rate = rows / ((System.nanoTime() - t0) / 1e9);
        Infra.await(pub, Duration.ofMinutes(1), "mosquitto_pub");
        Infra.await(relay, Duration.ofMinutes(1), "relay pipeline");
        return rate;
    }

    /** Writes the day of windows into an outbox in {@code dir}, and the same payloads, one per line, to {@code lines}. */
    private static void fill(Path dir, int windowsPerStream, Path lines) throws Exception {
        JsonCodec codec = new JsonCodec();
        StringBuilder b = new StringBuilder();
        Instant day = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        try (Outbox outbox = Outbox.open(dir, Clock.systemUTC(), "fill")) {
            for (int w = 0; w < windowsPerStream; w++) {
                for (String stream : STREAMS) {
                    Observation o = Samples.observation(NODE, 1, day.plusSeconds(60L * (w + 1)));
                    o = new Observation(o.node(), stream, o.sensor(), o.seq(), o.start(), o.end(), o.values(), o.units(), o.quality(), o.privacy());
                    Observation stored = outbox.append(o);
                    b.append(new String(codec.encode(stored), StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        Files.writeString(lines, b.toString());
    }

    private static double drain(Infra.Broker broker, Path template, Path dir, int rows, int run) throws Exception {
        Path nodeData = dir.resolve("node");
        Files.createDirectories(nodeData);
        for (String f : List.of(Outbox.FILE_NAME)) {
            Files.copy(template.resolve(f), nodeData.resolve(f));
        }
        GatewayConfig gc = GatewayConfig.external(broker.uri(), dir.resolve("gateway")).withHttpPort(0).withHttpHost("127.0.0.1")
                .withClientId("bench-gateway-" + run);
        try (Gateway g = Gateway.builder().config(gc).build().start()) {
            Path conf = dir.resolve("node.yaml");
            Files.writeString(conf, """
                    schema: lantaarn.config/1
                    node: %s
                    site: bench-site
                    version: 1
                    location: {lat: 51.6888, lon: 5.3036, description: benchmark lamppost}
                    purpose: benchmark
                    legalGround: none, benchmark data only
                    uplink: {broker: "%s"}
                    window: 1m
                    streams:
                      - {id: air, sensor: climate, driver: simulated, interval: 1s}
                    """.formatted(NODE, broker.uri()));
            if (!(ConfigLoader.load(conf) instanceof ConfigResult.Valid(var c, var sha256))) {
                throw new IllegalStateException("invalid benchmark node configuration");
            }
            NodeConfig silent = new NodeConfig(c.node(), c.site(), c.version(), c.location(), c.purpose(), c.legalGround(), c.uplink(),
                    c.window(), List.of());
            long t0 = System.nanoTime();
            try (NodeRuntime n = NodeRuntime.builder().config(silent).configHash(sha256).dataDir(nodeData).clock(Clock.systemUTC())
                    .delivery(new DeliveryPolicy(Duration.ofSeconds(60), 1_000_000)).build()) {
                n.start();
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (n.outbox().depth() > 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the backlog did not drain within 5 min: " + n.outbox());
                    }
                    Infra.sleep(5);
                }
                long t1 = System.nanoTime();
                long stored = g.store().node(NODE).orElseThrow().observations();
                if (stored != rows) {
                    throw new IllegalStateException("gateway stored " + stored + " of " + rows);
                }
                return rows / ((t1 - t0) / 1e9);
            }
        }
    }
}
