package org.lantaarn.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.lantaarn.bench.jmh.Samples;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;

/**
 * Gateway ingest: {@code nodes} publishers ({@code mosquitto_pub}, one per simulated node) send {@code messages}
 * observations at QoS 1 through a real Mosquitto. Raw: a {@code mosquitto_sub} at QoS 1 counts them on the nodes'
 * topics. Lantaarn: a fresh gateway validates, deduplicates, stores and republishes them, and a {@code mosquitto_sub}
 * counts them on the twin topic. Both rates are messages over the time from the first publish to the last message
 * counted. Then a paced phase measures the latency from an observation's window end to its arrival on the twin topic
 * (and, for scale, on the nodes' topic).
 */
final class GatewayIngestBench {
    private GatewayIngestBench() {}

    static Result run(int nodes, int messages, int runs, int latencyRate, int latencySeconds) throws Exception {
        JsonCodec codec = new JsonCodec();
        Path scratch = Infra.scratch("gateway");
        int perNode = messages / nodes;
        int total = perNode * nodes;
        List<Path> files = Baselines.streams(codec, scratch, nodes, perNode, GatewayIngestBench::node);
        double[] raw = new double[runs];
        double[] relay = new double[runs];
        double[] lantaarn = new double[runs];
        long[][] latency = null;
        for (int r = 0; r < runs; r++) {
            try (Infra.Broker broker = Infra.broker(scratch)) {
                raw[r] = Baselines.raw(broker, codec, files, GatewayIngestBench::node, total, scratch);
                relay[r] = Baselines.relay(broker, codec, files, GatewayIngestBench::node, total, scratch);
                lantaarn[r] = gatewayRate(broker, codec, files, nodes, total, scratch.resolve("gw-" + r), r);
                System.err.printf(Locale.ROOT, "gateway run %d: raw %.0f msg/s, relay %.0f msg/s, lantaarn %.0f msg/s%n",
                        r + 1, raw[r], relay[r], lantaarn[r]);
            }
        }
        try (Infra.Broker broker = Infra.broker(scratch)) {
            latency = latency(broker, codec, scratch.resolve("gw-latency"), latencyRate, latencySeconds);
        }
        Infra.delete(scratch);
        // Baseline: a relay that stores nothing (issue 13), the limit of an architecture that crosses the broker twice.
        Result res = new Result("gateway-ingest", "messages/s", lantaarn, relay, 0.5, true,
                ">= 0.5 x a storage-free relay (compass 0.8 x)");
        res.extra("nodes", nodes).extra("messages", total);
        res.extra("rawMosquittoSub", Result.median(raw)).extra("relayToRaw", Result.median(relay) / Result.median(raw))
                .extra("lantaarnToRaw", Result.median(lantaarn) / Result.median(raw));
        res.extra("latencyRatePerSecond", latencyRate).extra("latencyMessages", latency[0].length);
        res.extra("twinLatencyP50Ms", Result.percentile(latency[0], 50)).extra("twinLatencyP99Ms", Result.percentile(latency[0], 99));
        res.extra("rawLatencyP50Ms", Result.percentile(latency[1], 50)).extra("rawLatencyP99Ms", Result.percentile(latency[1], 99));
        return res;
    }

    static String node(int n) {
        return String.format(Locale.ROOT, "bench-%03d", n + 1);
    }

    private static Gateway gateway(Infra.Broker broker, Path data, int run) {
        GatewayConfig gc = GatewayConfig.external(broker.uri(), data).withHttpPort(0).withHttpHost("127.0.0.1")
                .withClientId("bench-gateway-" + run);
        return Gateway.builder().config(gc).build().start();
    }

    /** Publishes every node's retained birth and waits until the gateway knows each node's site. */
    private static void births(Infra.Broker broker, JsonCodec codec, Gateway g, int nodes) throws Exception {
        MqttClient c = new MqttClient(broker.uri(), "bench-births", new MemoryPersistence());
        c.connect(new MqttConnectionOptions());
        for (int n = 0; n < nodes; n++) {
            c.publish(codec.topics().status(node(n)), Infra.birth(codec, node(n), "bench-site"), 1, true);
        }
        c.disconnect();
        c.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (g.store().nodes().stream().filter(r -> r.site() != null).count() < nodes) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not see every birth");
            }
            Infra.sleep(20);
        }
    }

    private static double gatewayRate(Infra.Broker broker, JsonCodec codec, List<Path> files, int nodes, int total, Path data, int run)
            throws Exception {
        try (Gateway g = gateway(broker, data, run)) {
            births(broker, codec, g, nodes);
            Process twin = Infra.subscriber(broker, "lantaarn/v1/twin/+/+/noise", total, data.resolve("twin.out"), "%t");
            long t0 = System.nanoTime();
            List<Process> pubs = Baselines.publishAll(broker, codec, files, GatewayIngestBench::node);
            Infra.await(twin, Duration.ofMinutes(5), "twin mosquitto_sub");
            long t1 = System.nanoTime();
            for (Process p : pubs) {
                Infra.await(p, Duration.ofMinutes(1), "mosquitto_pub");
            }
            long stored = g.store().nodes().stream().mapToLong(NodeRecord::observations).sum();
            if (stored != total) {
                throw new IllegalStateException("gateway stored " + stored + " of " + total);
            }
            return total / ((t1 - t0) / 1e9);
        }
    }

    /**
     * Publishes {@code rate} observations a second for {@code seconds}, each with its window end set to the moment it
     * is published, and records when each arrives on the twin topic [0] and on the nodes' topic [1], in ms.
     */
    private static long[][] latency(Infra.Broker broker, JsonCodec codec, Path data, int rate, int seconds) throws Exception {
        int nodes = 10;
        ConcurrentLinkedQueue<Long> twin = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> raw = new ConcurrentLinkedQueue<>();
        try (Gateway g = gateway(broker, data, 99)) {
            births(broker, codec, g, nodes);
            MqttClient sub = new MqttClient(broker.uri(), "bench-latency-sub", new MemoryPersistence());
            sub.connect(new MqttConnectionOptions());
            sub.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void messageArrived(String t, org.eclipse.paho.mqttv5.common.MqttMessage m) {
                    (t.contains("/twin/") ? twin : raw).add(lag(m.getPayload()));
                }

                @Override
                public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

                @Override
                public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

                @Override
                public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) {}

                @Override
                public void connectComplete(boolean reconnect, String uri) {}

                @Override
                public void authPacketArrived(int reason, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
            });
            sub.subscribe(new String[] {"lantaarn/v1/twin/+/+/noise", "lantaarn/v1/nodes/+/obs/#"}, new int[] {1, 1});
            MqttClient pub = new MqttClient(broker.uri(), "bench-latency-pub", new MemoryPersistence());
            pub.connect(new MqttConnectionOptions());
            long count = (long) rate * seconds;
            long t0 = System.nanoTime();
            long[] seq = new long[nodes];
            for (long i = 0; i < count; i++) {
                long due = t0 + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int n = (int) (i % nodes);
                Observation o = Samples.observation(node(n), ++seq[n], Instant.now());
                pub.publish(codec.topics().obs(node(n), "noise"), codec.encode(o), 1, false);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((twin.size() < count || raw.size() < count) && System.nanoTime() < deadline) {
                Infra.sleep(20);
            }
            pub.disconnect();
            pub.close();
            sub.disconnect();
            sub.close();
        }
        return new long[][] {twin.stream().mapToLong(Long::longValue).sorted().toArray(), raw.stream().mapToLong(Long::longValue).sorted().toArray()};
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static long lag(byte[] payload) {
        long now = System.currentTimeMillis();
        try {
            return now - Instant.parse(JSON.readTree(payload).get("end").asText()).toEpochMilli();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
