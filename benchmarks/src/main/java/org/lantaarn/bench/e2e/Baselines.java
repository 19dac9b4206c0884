package org.lantaarn.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.lantaarn.bench.jmh.Samples;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;

/**
 * The stream and the raw baselines of the ingest harnesses (GatewayIngestBench, CityIngestBench): a plain QoS 1 {@code mosquitto_sub}
 * on the nodes' topics, and the storage-free relay ({@code mosquitto_sub -q 1 | mosquitto_pub -q 2 -l} into a QoS 2
 * subscriber with receive maximum 65535) that crosses the broker as often as the gateway does.
 */
final class Baselines {
    private Baselines() {}

    static double raw(Infra.Broker broker, JsonCodec codec, List<Path> files, IntFunction<String> node, int total, Path scratch) throws Exception {
        Process sub = Infra.subscriber(broker, "lantaarn/v1/nodes/+/obs/#", total, scratch.resolve("raw.out"), "%t");
        long t0 = System.nanoTime();
        List<Process> pubs = publishAll(broker, codec, files, node);
        Infra.await(sub, Duration.ofMinutes(5), "raw mosquitto_sub");
        long t1 = System.nanoTime();
        for (Process p : pubs) {
            Infra.await(p, Duration.ofMinutes(1), "mosquitto_pub");
        }
        return total / ((t1 - t0) / 1e9);
    }

    static double relay(Infra.Broker broker, JsonCodec codec, List<Path> files, IntFunction<String> node, int total, Path scratch) throws Exception {
        String port = Integer.toString(broker.port);
        Process count = new ProcessBuilder("mosquitto_sub", "-p", port, "-q", "2", "-V", "mqttv5", "-t", "bench/relay",
                "-C", Integer.toString(total), "-D", "connect", "receive-maximum", "65535").redirectErrorStream(true)
                .redirectOutput(scratch.resolve("relay.out").toFile()).start();
        Process relay = new ProcessBuilder("sh", "-c", "mosquitto_sub -p " + port + " -q 1 -V mqttv5 -t 'lantaarn/v1/nodes/+/obs/#' -C "
                + total + " | mosquitto_pub -p " + port + " -q 2 -V mqttv5 -t bench/relay -l").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Infra.sleep(600); // both subscriptions reach the broker before anything is published
        long t0 = System.nanoTime();
        List<Process> pubs = publishAll(broker, codec, files, node);
        Infra.await(count, Duration.ofMinutes(5), "relay's counting mosquitto_sub");
        long t1 = System.nanoTime();
        for (Process p : pubs) {
            Infra.await(p, Duration.ofMinutes(1), "mosquitto_pub");
        }
        Infra.await(relay, Duration.ofMinutes(1), "relay pipeline");
        return total / ((t1 - t0) / 1e9);
    }

    /** One {@code mosquitto_pub -q 1 -l} per node, each publishing its file of observations on the node's topic. */
    static List<Process> publishAll(Infra.Broker broker, JsonCodec codec, List<Path> files, IntFunction<String> node) throws Exception {
        List<Process> pubs = new ArrayList<>();
        for (int n = 0; n < files.size(); n++) {
            pubs.add(Infra.publisher(broker, codec.topics().obs(node.apply(n), "noise"), files.get(n)));
        }
        return pubs;
    }

    /** A file per node of {@code perNode} observations (seq 1..perNode, 60 s windows), one JSON document a line. */
    static List<Path> streams(JsonCodec codec, Path scratch, int nodes, int perNode, IntFunction<String> node) throws Exception {
        List<Path> files = new ArrayList<>();
        Instant end0 = Instant.parse("2026-05-01T00:01:00Z");
        for (int n = 0; n < nodes; n++) {
            StringBuilder b = new StringBuilder();
            for (int s = 1; s <= perNode; s++) {
                Observation o = Samples.observation(node.apply(n), s, end0.plusSeconds(60L * s));
                b.append(new String(codec.encode(o), StandardCharsets.UTF_8)).append('\n');
            }
            files.add(Files.writeString(scratch.resolve(node.apply(n) + ".lines"), b.toString()));
        }
        return files;
    }
}
