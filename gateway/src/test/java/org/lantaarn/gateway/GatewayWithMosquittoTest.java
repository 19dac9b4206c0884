package org.lantaarn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.lantaarn.gateway.Fixtures.T0;
import static org.lantaarn.gateway.Fixtures.birth;
import static org.lantaarn.gateway.Fixtures.gap;
import static org.lantaarn.gateway.Fixtures.observation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.StoreException;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.TestClients.Answer;
import org.lantaarn.gateway.TestClients.NodePublisher;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Receipt;
import org.lantaarn.protocol.Topics;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;

@Tag("integration")
class GatewayWithMosquittoTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final JsonCodec codec = new JsonCodec();
    private final Topics topics = Topics.defaults();
    private final ObjectMapper mapper = new ObjectMapper();
    @TempDir
    Path dataDir;
    private MosquittoBroker broker;
    private Gateway gateway;
    private MessageCollector twin;
    private NodePublisher node;

    @BeforeEach
    void start() {
        broker = MosquittoBroker.start();
        twin = MessageCollector.subscribe(broker.uri(), topics.allTwin());
        gateway = startGateway();
        node = new NodePublisher(broker.uri());
    }

    private Gateway startGateway() {
        return Gateway.builder()
                .config(GatewayConfig.external(broker.uri(), dataDir).withOpenReads(true))
                .clock(Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC))
                .build().start();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (twin != null) {
            twin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private List<Observation> twinObservations() {
        return twin.messages().stream()
                .filter(m -> topics.parse(m.topic()).map(r -> r.kind() == Topics.Kind.TWIN_OBS).orElse(false))
                .map(m -> codec.decode(m.topic(), m.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .filter(d -> d instanceof Decoded.Accepted(Observation o))
                .map(d -> (Observation) ((Decoded.Accepted) d).message())
                .toList();
    }

    private List<Long> twinSeqs() {
        return twinObservations().stream().map(Observation::seq).toList();
    }

    @Test
    void the_twin_gets_each_enriched_observation_once_in_seq_order_even_when_a_duplicate_is_published() {
        node.send(topics.status("n1"), birth("n1", "den-bosch"), true);
        node.send(topics.obs("n1", "climate"), observation("n1", 1), false);
        node.send(topics.obs("n1", "climate"), observation("n1", 2), false);
        node.send(topics.obs("n1", "climate"), observation("n1", 2), false);
        node.send(topics.obs("n1", "climate"), observation("n1", 3), false);
        // The absence of a second 2 is proven by seq 4, which the twin can only get after anything sent before it.
        node.send(topics.obs("n1", "climate"), observation("n1", 4), false);

        await().atMost(WAIT).until(() -> twinSeqs().contains(4L));
        assertThat(twinSeqs()).containsExactly(1L, 2L, 3L, 4L);
        Observation first = twinObservations().getFirst();
        assertThat(first.site()).isEqualTo("den-bosch");
        assertThat(first.location()).isEqualTo(Fixtures.LOCATION);
        assertThat(first.metadata()).containsEntry("sensor", "climate").containsEntry("runtimeVersion", "0.1.0");
        assertThat(twin.messages()).anySatisfy(m -> {
            assertThat(m.topic()).isEqualTo("lantaarn/v1/twin/den-bosch/n1/climate");
            assertThat(m.retained()).isFalse();
        });
        assertThat(twin.messages()).anySatisfy(m -> assertThat(m.topic()).isEqualTo("lantaarn/v1/twin/den-bosch/n1/status"));
        assertThat(gateway.store().node("n1").orElseThrow().duplicates()).isEqualTo(1);
    }

    @Test
    void the_receipt_is_retained_with_the_highest_contiguous_seq() {
        node.send(topics.obs("n1", "climate"), observation("n1", 1), false);
        node.send(topics.obs("n1", "climate"), gap("n1", 2), false);
        node.send(topics.obs("n1", "climate"), observation("n1", 4), false);
        await().atMost(WAIT).until(() -> gateway.store().node("n1").map(n -> n.lastSeq() != null && n.lastSeq() == 4).orElse(false));

        // Receipts are coalesced per 200 ms: one for seq 1 may be out (retained) and the one for 2 still to come, which
        // a subscriber then gets live, without the retained flag. So first see 2 arrive, then ask the broker for it.
        try (MessageCollector receipts = MessageCollector.subscribe(broker.uri(), topics.receipt("n1"))) {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(receipts.messages()).isNotEmpty(); // the retained receipt may come just after the SUBACK
                MessageCollector.Received last = receipts.messages().getLast();
                Receipt r = (Receipt) ((Decoded.Accepted) codec.decode(last.topic(), last.payload().getBytes())).message();
                assertThat(r.seq()).isEqualTo(2);
            });
        }
        try (MessageCollector later = MessageCollector.subscribe(broker.uri(), topics.receipt("n1"))) {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(later.messages()).isNotEmpty();
                MessageCollector.Received first = later.messages().getFirst();
                assertThat(first.retained()).isTrue();
                Receipt r = (Receipt) ((Decoded.Accepted) codec.decode(first.topic(), first.payload().getBytes())).message();
                assertThat(r.seq()).isEqualTo(2);
            });
        }
        node.send(topics.obs("n1", "climate"), observation("n1", 3), false);
        try (MessageCollector receipts = MessageCollector.subscribe(broker.uri(), topics.receipt("n1"))) {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(receipts.messages()).isNotEmpty(); // the retained receipt may come just after the SUBACK
                MessageCollector.Received last = receipts.messages().getLast();
                assertThat(last.payload()).contains("\"seq\":4");
            });
        }
    }

    @Test
    void bad_payloads_are_reported_by_reason_and_the_gateway_keeps_working() {
        node.raw(topics.obs("n1", "climate"), "{not json");
        node.raw(topics.health("n1"), "{\"schema\":\"lantaarn.weather/7\",\"node\":\"n1\"}");
        node.send(topics.obs("n1", "climate"), observation("n2", 1), false);
        node.send(topics.obs("n1", "climate"), observation("n1", 1), false);

        await().atMost(WAIT).until(() -> gateway.store().node("n1").map(n -> n.observations() == 1).orElse(false));
        Answer rej = TestClients.get(gateway.httpPort(), "/api/rejections");
        assertThat(rej.status()).isEqualTo(200);
        assertThat(rej.contentType()).startsWith("application/json");
        JsonNode counts = rej.json().get("counts");
        assertThat(counts.get("malformed-json").asLong()).isEqualTo(1);
        assertThat(counts.get("unknown-schema").asLong()).isEqualTo(1);
        assertThat(counts.get("node-mismatch").asLong()).isEqualTo(1);
        JsonNode newest = rej.json().get("recent").get(0);
        assertThat(newest.get("reason").asText()).isEqualTo("node-mismatch");
        assertThat(newest.get("topic").asText()).isEqualTo("lantaarn/v1/nodes/n1/obs/climate");
        assertThat(newest.get("size").asInt()).isPositive();
        assertThat(newest.get("at").asText()).isNotBlank();
        assertThat(newest.get("detail").asText()).contains("'node'").doesNotContain("n2");

        Answer health = TestClients.get(gateway.httpPort(), "/healthz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
        assertThat(health.json().get("mqtt").asText()).isEqualTo("connected");
    }

    @Test
    void a_restarted_gateway_resumes_without_duplicates_on_the_twin() {
        node.send(topics.status("n1"), birth("n1", "den-bosch"), true);
        for (long s = 1; s <= 3; s++) {
            node.send(topics.obs("n1", "climate"), observation("n1", s), false);
        }
        await().atMost(WAIT).until(() -> twinSeqs().size() >= 3);
        gateway.close();

        // While the gateway is away the broker queues for its persistent session; the node resends 3.
        node.send(topics.obs("n1", "climate"), observation("n1", 3), false);
        node.send(topics.obs("n1", "climate"), observation("n1", 4), false);
        node.send(topics.obs("n1", "climate"), observation("n1", 5), false);
        gateway = startGateway();
        node.send(topics.obs("n1", "climate"), observation("n1", 6), false);
        // No repeat of 3 can come after 7, which the node sends last.
        node.send(topics.obs("n1", "climate"), observation("n1", 7), false);

        await().atMost(WAIT).until(() -> twinSeqs().contains(7L));
        assertThat(twinSeqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void the_api_lists_nodes_and_answers_observation_queries() throws Exception {
        node.send(topics.status("n1"), birth("n1", "den-bosch"), true);
        node.send(topics.health("n1"), Fixtures.health("n1"), false);
        for (long s = 1; s <= 3; s++) {
            node.send(topics.obs("n1", "climate"), observation("n1", s), false);
        }
        await().atMost(WAIT).until(() -> gateway.store().node("n1").map(n -> n.observations() == 3 && n.lastHealth() != null).orElse(false));
        int port = gateway.httpPort();

        Answer nodes = TestClients.get(port, "/api/nodes");
        assertThat(nodes.status()).isEqualTo(200);
        JsonNode n1 = nodes.json().get("nodes").get(0);
        assertThat(n1.get("node").asText()).isEqualTo("n1");
        assertThat(n1.get("state").asText()).isEqualTo("online");
        assertThat(n1.get("site").asText()).isEqualTo("den-bosch");
        assertThat(n1.get("location").get("lat").asDouble()).isEqualTo(51.6889);
        assertThat(n1.get("configVersion").asLong()).isEqualTo(3);
        assertThat(n1.get("configHash").asText()).isEqualTo("sha256:abc");
        assertThat(n1.get("streams").get(0).get("id").asText()).isEqualTo("climate");
        assertThat(n1.get("lastSeq").asLong()).isEqualTo(3);
        assertThat(n1.get("lastSeen").asText()).isEqualTo(T0.plus(Duration.ofHours(1)).toString());
        assertThat(n1.get("health").get("outboxDepth").asLong()).isEqualTo(4);

        Answer one = TestClients.get(port, "/api/nodes/n1");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("node").asText()).isEqualTo("n1");
        Answer unknown = TestClients.get(port, "/api/nodes/nobody");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("unknown node");
        Answer noRoute = TestClients.get(port, "/api/nothing-here");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.json().get("error").asText()).isNotBlank();

        Answer dflt = TestClients.get(port, "/api/nodes/n1/streams/climate/observations");
        assertThat(dflt.status()).isEqualTo(200);
        assertThat(dflt.json().get("count").asInt()).isEqualTo(3);
        JsonNode firstObs = dflt.json().get("observations").get(0);
        assertThat(firstObs.get("schema").asText()).isEqualTo("lantaarn.obs/1");
        assertThat(firstObs.get("seq").asLong()).isEqualTo(1);
        assertThat(mapper.writeValueAsString(firstObs)).isEqualTo(codec.encodeToString(observation("n1", 1)));

        Answer ranged = TestClients.get(port, "/api/nodes/n1/streams/climate/observations?from="
                + T0.plusSeconds(120) + "&to=" + T0.plusSeconds(3600) + "&limit=1");
        assertThat(ranged.json().get("count").asInt()).isEqualTo(1);
        assertThat(ranged.json().get("observations").get(0).get("seq").asLong()).isEqualTo(2);

        Answer badFrom = TestClients.get(port, "/api/nodes/n1/streams/climate/observations?from=yesterday");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.json().get("error").asText()).contains("from");
        Answer badLimit = TestClients.get(port, "/api/nodes/n1/streams/climate/observations?limit=10001");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().get("error").asText()).contains("limit");
        Answer reversed = TestClients.get(port, "/api/nodes/n1/streams/climate/observations?from=" + T0 + "&to=" + T0.minusSeconds(1));
        assertThat(reversed.status()).isEqualTo(400);
        for (String extreme : new String[] {"to=-1000000000-01-01T00:00:00Z", "from=%2B1000000000-01-01T00:00:00Z"}) {
            Answer far = TestClients.get(port, "/api/nodes/n1/streams/climate/observations?" + extreme);
            assertThat(far.status()).as(extreme).isEqualTo(400);
            assertThat(far.json().get("error").asText()).contains("between the years 1970 and 9999");
        }
    }

    @Test
    void many_messages_stored_in_batches_are_all_acknowledged_and_reach_the_twin_once_each_in_seq_order() {
        node.send(topics.status("n1"), birth("n1", "den-bosch"), true);
        int n = 1200;
        for (long seq = 1; seq <= n; seq++) {
            node.send(topics.obs("n1", "climate"), observation("n1", seq), false);
            if (seq % 100 == 0) {
                node.raw(topics.obs("n1", "climate"), "{broken"); // rejected inside its batch, blocks nobody
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> twinSeqs().size() >= n);
        // No repeat follows: one later window reaches the twin after everything before it (order per node is kept).
        node.send(topics.obs("n1", "climate"), observation("n1", n + 1), false);
        await().atMost(WAIT).until(() -> twinSeqs().contains((long) n + 1));
        assertThat(twinSeqs()).containsExactlyElementsOf(LongStream.rangeClosed(1, n + 1).boxed().toList());
        assertThat(gateway.store().node("n1").orElseThrow().contiguousSeq()).isEqualTo((long) n + 1);
        assertThat(gateway.store().rejections(1).total()).isEqualTo(n / 100);
    }

    @Test
    void a_batch_the_database_cannot_commit_is_not_acknowledged_and_arrives_again() {
        gateway.close();
        AtomicInteger failuresLeft = new AtomicInteger(3);
        GatewayStore real = SqliteGatewayStore.open(dataDir.resolve("failing"), codec);
        GatewayStore failing = (GatewayStore) java.lang.reflect.Proxy.newProxyInstance(GatewayStore.class.getClassLoader(),
                new Class<?>[] {GatewayStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("inOneTransaction")) {
                        Supplier<?> work = (Supplier<?>) args[0];
                        // The batch's writes run, then the commit "fails": the real store rolls all of them back.
                        return real.inOneTransaction(() -> {
                            Object result = work.get();
                            if (failuresLeft.getAndDecrement() > 0) {
                                throw new StoreException("simulated disk failure at commit");
                            }
                            return result;
                        });
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try {
            gateway = Gateway.builder()
                    .config(GatewayConfig.external(broker.uri(), dataDir).withOpenReads(true))
                    .clock(Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC))
                    .store(failing)
                    .build().start();

            node.send(topics.status("n1"), birth("n1", "den-bosch"), true);
            for (long seq = 1; seq <= 40; seq++) {
                node.send(topics.obs("n1", "climate"), observation("n1", seq), false);
            }

            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> twinSeqs().size() >= 40);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("twin " + twinSeqs() + ", store " + real.node("n1") + ", mqtt " + gateway.mqttConnected(), e);
            }
            // No repeat follows: one later window reaches the twin after everything before it (order per node is kept).
            node.send(topics.obs("n1", "climate"), observation("n1", 41), false);
            await().atMost(WAIT).until(() -> twinSeqs().contains(41L));
            assertThat(failuresLeft.get()).isNegative();
            assertThat(twinSeqs()).containsExactlyElementsOf(LongStream.rangeClosed(1, 41).boxed().toList());
            assertThat(real.node("n1").orElseThrow().contiguousSeq()).isEqualTo(41L);
        } finally {
            gateway.close();
            gateway = null;
            real.close();
        }
    }
}
