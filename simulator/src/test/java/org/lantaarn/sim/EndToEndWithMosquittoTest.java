package org.lantaarn.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.Gateway;
import org.lantaarn.gateway.GatewayConfig;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;
import org.lantaarn.testkit.WireSchemas;

/**
 * The whole chain against a real Mosquitto: simulated sensors → node runtimes → broker → gateway →
 * twin topics, with the broker and the gateway each restarted once during the run.
 */
@Tag("integration")
class EndToEndWithMosquittoTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Map<String, String> documents(String broker) {
        Map<String, String> docs = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            String node = "e2e-" + i;
            docs.put(node, """
                    schema: lantaarn.config/1
                    node: %s
                    site: den-bosch-centrum
                    version: 1
                    location: {lat: 51.6888, lon: 5.30%d, description: test lamppost %d}
                    purpose: end-to-end test
                    legalGround: none, test data only
                    uplink: {broker: "%s"}
                    window: 1s
                    streams:
                      - {id: air, sensor: climate, driver: simulated, interval: 100ms, settings: {faultRate: 0}}
                      - {id: passers, sensor: motion, driver: simulated, interval: 100ms, settings: {peakRate: 400}}
                    """.formatted(node, i, i, broker));
        }
        return docs;
    }

    @Test
    void every_node_seq_reaches_the_twin_in_order_across_a_broker_and_a_gateway_restart_repeats_only_identical(@TempDir Path dir)
            throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
             MessageCollector twin = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/twin/#")) {
            GatewayConfig gc = GatewayConfig.external(broker.uri(), dir.resolve("gateway")).withHttpPort(0);
            Gateway gateway = Gateway.builder().config(gc).build().start();
            Simulation sim = Simulation.start(documents(broker.uri()), dir.resolve("nodes"), Clock.systemUTC());
            try {
                List<NodeRuntime> nodes = sim.runtimes();
                await().atMost(WAIT).until(() -> nodes.stream().allMatch(n -> n.lastRecordedSeq() >= 6));

                broker.restart(); // SIGTERM, then the same port, config and persistence
                await().atMost(WAIT).until(() -> nodes.stream().allMatch(n -> n.lastRecordedSeq() >= 12));

                gateway.close();
                gateway = Gateway.builder().config(gc).build().start();
                // at least 10 windows of 2 streams each per node
                await().atMost(WAIT).until(() -> nodes.stream().allMatch(n -> n.lastRecordedSeq() >= 24));

                Map<String, Long> recorded = new TreeMap<>();
                nodes.forEach(n -> recorded.put(n.node(), n.lastRecordedSeq()));
                try {
                    await().atMost(WAIT.multipliedBy(2)).until(() -> {
                        Map<String, List<Long>> seen = twinSeqs(twin);
                        return recorded.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), List.of()).size() >= e.getValue());
                    });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // Say what is missing, so that a failure on a CI machine can be told apart from a slow one.
                    Map<String, List<Long>> seen = twinSeqs(twin);
                    recorded.forEach((node, last) -> {
                        List<Long> got = seen.getOrDefault(node, List.of());
                        List<Long> missing = new ArrayList<>();
                        for (long s = 1; s <= last; s++) {
                            if (!got.contains(s)) {
                                missing.add(s);
                            }
                        }
                        System.out.printf("%s: recorded %d, twin has %d, missing %s, first arrivals %s%n", node, last, got.size(), missing, got);
                    });
                    throw e;
                }
            } finally {
                sim.close();
                gateway.close();
            }

            Map<String, List<Long>> seen = twinSeqs(twin);
            for (NodeRuntime n : sim.runtimes()) {
                List<Long> seqs = seen.get(n.node());
                long last = n.lastRecordedSeq();
                System.out.printf("%s: recorded %d, delivered to the twin %d%n", n.node(), last, seqs.size());
                List<Long> expected = new ArrayList<>();
                for (long s = 1; s <= seqs.size(); s++) {
                    expected.add(s);
                }
                // in seq order: first arrivals are 1, 2, 3, ... without holes. A broker restart makes the gateway publish
                // again what it marked shortly before (the broker may not have saved it, docs/operations.md): those
                // repeats must be byte-identical, and a consumer deduplicating by (node, seq) has each window once.
                assertThat(seqs).as("twin seqs of %s in order of first arrival", n.node()).isEqualTo(expected);
                assertThat((long) seqs.size()).isBetween(24L, last);
            }
            for (MessageCollector.Received m : twin.messages()) {
                assertThat(WireSchemas.violations(m.payload())).as("%s: %s", m.topic(), m.payload()).isEmpty();
            }
            assertThat(twin.messages()).filteredOn(m -> m.topic().endsWith("/status"))
                    .as("the twin also gets each node's status").isNotEmpty();
        }
    }

    /**
     * Node → seqs of observations and gaps on the twin topics in order of first arrival (deduplicated by (node, seq),
     * as a consumer does); fails if a repeat differs from the first copy by one byte.
     */
    private static Map<String, List<Long>> twinSeqs(MessageCollector twin) throws Exception {
        Map<String, List<Long>> out = new TreeMap<>();
        Map<String, String> first = new java.util.HashMap<>();
        for (MessageCollector.Received m : twin.messages()) {
            if (m.topic().endsWith("/status")) {
                continue;
            }
            JsonNode json = MAPPER.readTree(m.payload());
            String key = json.get("node").asText() + "#" + json.get("seq").asLong();
            String earlier = first.putIfAbsent(key, m.payload());
            if (earlier != null) {
                assertThat(m.payload()).as("a repeat of %s is byte-identical", key).isEqualTo(earlier);
                continue;
            }
            out.computeIfAbsent(json.get("node").asText(), k -> new ArrayList<>()).add(json.get("seq").asLong());
        }
        return out;
    }
}
