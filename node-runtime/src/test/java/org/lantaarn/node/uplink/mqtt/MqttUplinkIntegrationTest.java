package org.lantaarn.node.uplink.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.lantaarn.node.outbox.OutboxRow;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.NodeConfig;
import org.lantaarn.node.NodeRuntime;
import org.lantaarn.node.testing.Configs;
import org.lantaarn.node.testing.TestSensors;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Receipt;
import org.lantaarn.protocol.Status;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MessageCollector.Received;
import org.lantaarn.testkit.MosquittoBroker;

@Tag("integration")
class MqttUplinkIntegrationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final JsonCodec CODEC = new JsonCodec();

    @TempDir
    Path dataDir;

    private MosquittoBroker broker;
    private NodeRuntime runtime;

    @BeforeEach
    void startBroker(TestInfo test) throws IOException {
        String extra = "";
        if (test.getTags().contains("acl")) {
            Path acl = Files.createTempFile("lantaarn-acl-", ".conf");
            // Anonymous clients may read everything and write everything of node-d except its flow stream.
            Files.writeString(acl, """
                    topic read lantaarn/v1/#
                    topic write lantaarn/v1/nodes/node-d/status
                    topic write lantaarn/v1/nodes/node-d/health
                    topic write lantaarn/v1/nodes/node-d/obs/air
                    """);
            extra += "acl_file " + acl + "\n";
        }
        broker = MosquittoBroker.start(extra);
    }

    @AfterEach
    void stopAll() {
        if (runtime != null) {
            runtime.close();
        }
        broker.close();
    }

    private NodeRuntime startNode(String node) {
        NodeConfig config = Configs.node(node, broker.uri(), Duration.ofSeconds(1),
                Configs.stream("air", "test-climate"), Configs.stream("flow", "test-motion", 5));
        runtime = NodeRuntime.builder().config(config).dataDir(dataDir).configHash("cd".repeat(32))
                .providers(List.of(TestSensors.climate(Duration.ofMillis(100)), TestSensors.motion(Duration.ofMillis(100), 1)))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .healthInterval(Duration.ofSeconds(1))
                .build();
        runtime.start();
        return runtime;
    }

    private static Message decode(Received r) {
        Decoded d = CODEC.decode(r.topic(), r.payload().getBytes(StandardCharsets.UTF_8));
        assertThat(d).as("payload on %s: %s", r.topic(), r.payload()).isInstanceOf(Decoded.Accepted.class);
        return ((Decoded.Accepted) d).message();
    }

    private static List<Observation> observations(MessageCollector c) {
        return c.messages().stream().filter(r -> r.topic().contains("/obs/")).map(MqttUplinkIntegrationTest::decode)
                .map(Observation.class::cast).toList();
    }

    private static List<Observation> wholeFlowWindows(MessageCollector c) {
        return observations(c).stream().filter(o -> o.stream().equals("flow") && !o.quality().flags().contains("partial-window")).toList();
    }

    /** The retained status a fresh subscriber gets for {@code node}, once it satisfies {@code wanted}. */
    private Status retainedStatus(String node, Predicate<Status> wanted) {
        String topic = "lantaarn/v1/nodes/" + node + "/status";
        Status[] found = new Status[1];
        await().atMost(PATIENCE).until(() -> {
            try (MessageCollector c = MessageCollector.subscribe(broker.uri(), topic)) {
                await().atMost(Duration.ofSeconds(2)).until(() -> c.count() > 0);
                Received r = c.messages().getFirst();
                Status s = (Status) decode(r);
                if (r.retained() && wanted.test(s)) {
                    found[0] = s;
                    return true;
                }
                return false;
            } catch (org.awaitility.core.ConditionTimeoutException nothingRetained) {
                return false;
            }
        });
        return found[0];
    }

    @Test
    void publishes_observations_in_seq_order_a_retained_birth_and_after_close_a_retained_offline_status() {
        try (MessageCollector gateway = MessageCollector.subscribe(broker.uri(), "lantaarn/v1/nodes/node-a/#")) {
            startNode("node-a");
            await().atMost(PATIENCE).until(() -> observations(gateway).size() >= 6);

            List<Observation> obs = observations(gateway);
            assertThat(obs).extracting(Observation::seq).isSorted().doesNotHaveDuplicates();
            assertThat(obs.getFirst().seq()).isEqualTo(1);
            assertThat(obs).extracting(Observation::stream).contains("air", "flow");
            assertThat(gateway.messages()).filteredOn(r -> r.topic().contains("/obs/"))
                    .allSatisfy(r -> assertThat(r.topic()).isEqualTo("lantaarn/v1/nodes/node-a/obs/" + ((Observation) decode(r)).stream()));
            // Ten polls a second, on the runtime's real scheduler: a poll that a loaded machine runs late falls into the next
            // window (9 and 11, or 7 and 13 after a pause), so the rate is judged over three whole windows, not one.
            await().atMost(PATIENCE).until(() -> wholeFlowWindows(gateway).size() >= 3);
            List<Observation> whole = wholeFlowWindows(gateway).subList(0, 3);
            double passes = whole.stream().mapToDouble(o -> o.values().get("passes") == null ? 0 : o.values().get("passes")).sum();
            assertThat(passes / whole.size()).as("passes per one-second window in %s", whole).isBetween(8.0, 11.0);
            await().atMost(PATIENCE).until(() -> gateway.messages().stream().anyMatch(r -> r.topic().endsWith("/health")));

            Status birth = retainedStatus("node-a", s -> s.state() == Status.State.ONLINE);
            assertThat(birth.configHash()).isEqualTo("cd".repeat(32));
            assertThat(birth.streams()).hasSize(2);
            assertThat(runtime.uplinkConnected()).isTrue();

            runtime.close();
            assertThat(runtime.uplinkConnected()).isFalse();
            Status offline = retainedStatus("node-a", s -> s.state() == Status.State.OFFLINE);
            assertThat(offline.at()).as("a graceful offline status carries its time; the last will does not").isNotNull();
        }
    }

    @Test
    void loses_nothing_while_the_broker_is_down_and_deletes_rows_once_a_receipt_covers_them() throws MqttException {
        try (MessageCollector gateway = MessageCollector.subscribePersistent(broker.uri(), "lantaarn/v1/nodes/node-b/obs/#")) {
            startNode("node-b");
            await().atMost(PATIENCE).until(() -> observations(gateway).size() >= 4);

            broker.stop();
            await().atMost(PATIENCE).until(() -> !runtime.uplinkConnected());
            long atStop = runtime.lastRecordedSeq();
            await().atMost(PATIENCE).until(() -> runtime.lastRecordedSeq() >= atStop + 6); // three windows of two streams
            broker.startAgain();

            await().atMost(PATIENCE).until(runtime::uplinkConnected);
            long last = runtime.lastRecordedSeq();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(seqs(gateway)).containsAll(range(1, last)));

            MqttClient gw = new MqttClient(broker.uri(), "gateway-" + UUID.randomUUID(), new MemoryPersistence());
            try {
                gw.connect();
                MqttMessage receipt = new MqttMessage(CODEC.encode(new Receipt("node-b", last, Instant.now())));
                receipt.setQos(1);
                receipt.setRetained(true);
                gw.publish("lantaarn/v1/nodes/node-b/receipt", receipt);
                gw.disconnect();
            } finally {
                gw.close(true);
            }
            await().atMost(PATIENCE).untilAsserted(() -> {
                var stats = runtime.outbox();
                assertThat(stats.depth()).isEqualTo(stats.lastSeq() - last);
            });
        }
    }

    private static Set<Long> seqs(MessageCollector c) {
        Set<Long> s = new TreeSet<>();
        observations(c).forEach(o -> s.add(o.seq()));
        return s;
    }

    private static Set<Long> range(long from, long to) {
        Set<Long> s = new TreeSet<>();
        for (long i = from; i <= to; i++) {
            s.add(i);
        }
        return s;
    }

    @Test
    void the_broker_publishes_the_retained_last_will_when_the_connection_dies() {
        startNode("node-c");
        await().atMost(PATIENCE).until(runtime::uplinkConnected);
        retainedStatus("node-c", s -> s.state() == Status.State.ONLINE);

        ((MqttUplink) runtime.uplink()).powerCut();

        Status will = retainedStatus("node-c", s -> s.state() == Status.State.OFFLINE);
        assertThat(will.at()).as("the last will is written before the connection exists, so it has no time").isNull();
        assertThat(will.site()).isEqualTo("den-bosch");
    }

    @Test
    @Tag("acl")
    void a_refused_publish_is_retried_later_and_never_marked_published_or_deleted() {
        try (MessageCollector gateway = MessageCollector.subscribe(broker.uri(), "lantaarn/v1/nodes/node-d/obs/flow")) {
            startNode("node-d");
            MqttUplink uplink = (MqttUplink) runtime.uplink();
            await().atMost(PATIENCE).until(() -> uplink.refusedPublishes() >= 3);

            List<OutboxRow> flow = uplink.outboxRowsForTest().stream().filter(r -> r.stream().equals("flow")).toList();
            assertThat(flow).isNotEmpty().allSatisfy(r -> assertThat(r.publishedAt()).as("refused row %d", r.seq()).isNull());
            assertThat(flow.getFirst().seq()).as("the first refused row is still waiting").isLessThanOrEqualTo(2);
            assertThat(gateway.count()).isZero();
        }
    }
}
