package org.lantaarn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.lantaarn.gateway.Fixtures.T0;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.TestClients.NodePublisher;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.PrivacyManifest;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.StreamInfo;
import org.lantaarn.protocol.Topics;
import org.lantaarn.testkit.MessageCollector;
import org.lantaarn.testkit.MosquittoBroker;

/**
 * Issue 11: an observation of exactly the node's size limit was stored and receipted, then re-encoded with site and
 * location over the twin's limit and never reached the twin. Now the node limit leaves room for what the gateway adds.
 */
@Tag("integration")
class TwinHeadroomWithMosquittoTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final JsonCodec codec = new JsonCodec();
    private final Topics topics = Topics.defaults();
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
        gateway = Gateway.builder()
                .config(GatewayConfig.external(broker.uri(), dataDir).withOpenReads(true))
                .clock(Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC))
                .build().start();
        node = new NodePublisher(broker.uri());
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {node, gateway, twin, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A birth whose site, location and runtime version are as large as the protocol allows, in their longest JSON form. */
    private static Status largestBirth() {
        String controlChars = "\u0001".repeat(Location.MAX_DESCRIPTION_CHARS); // each written as \\u0001, 6 bytes
        return new Status("n1", Status.State.ONLINE, T0, "\u0001".repeat(Status.MAX_RUNTIME_VERSION_CHARS), Long.MAX_VALUE,
                "sha256:abc", "s".repeat(64), new Location(-89.123456789012345, -179.12345678901234, -1.2345678901234567E-100,
                        controlChars),
                List.of(new StreamInfo("climate", "climate", 60,
                        new PrivacyManifest("air temperature", false, null, null, null, "never stored or sent"))));
    }

    /** An observation that encodes to exactly {@code bytes} bytes, padded with one long quality flag. */
    static Observation observationOfExactly(int bytes, long seq) {
        Instant start = T0.plusSeconds(60 * seq);
        JsonCodec codec = new JsonCodec();
        Observation empty = padded(start, seq, "");
        int pad = bytes - codec.encode(empty).length;
        Observation o = padded(start, seq, "x".repeat(pad));
        assertThat(codec.encode(o)).hasSize(bytes);
        return o;
    }

    private static Observation padded(Instant start, long seq, String pad) {
        return new Observation("n1", "climate", "climate", seq, start, start.plusSeconds(60), Map.of("temperature", 21.5),
                Map.of("temperature", "Cel"), new Quality(1.0, List.of(pad)), Privacy.none());
    }

    @Test
    void an_observation_at_the_node_size_limit_reaches_the_twin_with_the_largest_enrichment() {
        node.send(topics.status("n1"), largestBirth(), true);
        Observation largest = observationOfExactly(JsonCodec.MAX_NODE_PAYLOAD_BYTES, 1);

        node.send(topics.obs("n1", "climate"), largest, false);

        MessageCollector.Received copy = await().atMost(WAIT).until(
                () -> twin.messages().stream().filter(m -> m.topic().equals(topics.twinObs("s".repeat(64), "n1", "climate")))
                        .findFirst().orElse(null),
                m -> m != null);
        byte[] payload = copy.payload().getBytes(StandardCharsets.UTF_8);
        assertThat(payload.length).as("the enriched copy").isGreaterThan(JsonCodec.MAX_NODE_PAYLOAD_BYTES)
                .isLessThanOrEqualTo(JsonCodec.MAX_PAYLOAD_BYTES);
        Decoded d = codec.decode(copy.topic(), payload);
        assertThat(d).isInstanceOfSatisfying(Decoded.Accepted.class, a -> {
            Observation o = (Observation) a.message();
            assertThat(o.seq()).isEqualTo(1);
            assertThat(o.location().description()).hasSize(Location.MAX_DESCRIPTION_CHARS);
        });
        assertThat(gateway.twinCopyFailures()).isZero();
    }

    @Test
    void a_stored_observation_whose_twin_copy_cannot_be_made_reaches_the_twin_as_a_gap_that_says_so() {
        gateway.close();
        // A row stored by a version without the node limit's margin: exactly 64 KiB before enrichment.
        Path other = dataDir.resolve("older");
        try (var store = org.lantaarn.gateway.store.sqlite.SqliteGatewayStore.open(other, codec)) {
            store.storeStatus(Fixtures.birth("n1", "den-bosch"), T0);
            store.storeSequenced(org.lantaarn.gateway.store.SequencedEntry.of(
                    observationOfExactly(JsonCodec.MAX_PAYLOAD_BYTES, 1), codec, T0));
        }
        gateway = Gateway.builder()
                .config(GatewayConfig.external(broker.uri(), other).withOpenReads(true))
                .clock(Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC))
                .build().start();

        MessageCollector.Received copy = await().atMost(WAIT).until(
                () -> twin.messages().stream().filter(m -> m.topic().equals(topics.twinObs("den-bosch", "n1", "climate")))
                        .findFirst().orElse(null),
                m -> m != null);

        Decoded d = codec.decode(copy.topic(), copy.payload().getBytes(StandardCharsets.UTF_8));
        assertThat(d).isInstanceOfSatisfying(Decoded.Accepted.class, a -> {
            org.lantaarn.protocol.Gap g = (org.lantaarn.protocol.Gap) a.message();
            assertThat(g.seq()).isEqualTo(1);
            assertThat(g.reason()).isEqualTo("twin-copy-too-large");
        });
        await().atMost(WAIT).until(() -> gateway.twinCopyFailures() == 1); // counted once the broker acknowledged it
    }

    @Test
    void an_observation_one_byte_over_the_node_limit_is_refused_as_too_large_and_never_receipted() {
        node.send(topics.obs("n1", "climate"), observationOfExactly(JsonCodec.MAX_NODE_PAYLOAD_BYTES + 1, 1), false);
        node.send(topics.obs("n1", "climate"), observationOfExactly(1000, 2), false); // comes after it on the same session

        await().atMost(WAIT).until(() -> gateway.store().node("n1").map(n -> n.lastSeq() != null && n.lastSeq() == 2).orElse(false));
        assertThat(gateway.store().rejections(10).counts()).containsEntry("too-large", 1L);
        assertThat(gateway.store().node("n1").orElseThrow().contiguousSeq()).as("seq 1 is not stored").isZero();
    }
}
