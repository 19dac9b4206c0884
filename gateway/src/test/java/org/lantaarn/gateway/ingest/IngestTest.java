package org.lantaarn.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lantaarn.gateway.Fixtures.T0;
import static org.lantaarn.gateway.Fixtures.birth;
import static org.lantaarn.gateway.Fixtures.observation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.dedup.Deduplicator;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.gateway.store.StoreException;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Receipt;
import org.lantaarn.protocol.Topics;

class IngestTest {
    private final JsonCodec codec = new JsonCodec();
    private final Topics topics = Topics.defaults();
    private final List<String> sequencedEvents = new ArrayList<>();
    @TempDir
    Path dir;
    private SqliteGatewayStore store;
    private Ingest ingest;

    @BeforeEach
    void setUp() {
        store = SqliteGatewayStore.open(dir, codec);
        IngestListener recorder = new IngestListener() {
            @Override
            public void sequencedStored(String node, SequencedResult result) {
                sequencedEvents.add(node + ":" + result.isNew() + ":" + result.contiguousSeq());
            }
        };
        ingest = new Ingest(codec, store, new Deduplicator(store, codec), new Fleet(store),
                Clock.fixed(T0, ZoneOffset.UTC), List.of(recorder));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void a_valid_observation_is_stored_and_its_duplicate_dropped() {
        byte[] payload = codec.encode(observation("n1", 1));
        assertThat(ingest.handle(topics.obs("n1", "climate"), payload)).isEqualTo(Ingest.Outcome.STORED);
        assertThat(ingest.handle(topics.obs("n1", "climate"), payload)).isEqualTo(Ingest.Outcome.DUPLICATE);

        assertThat(sequencedEvents).containsExactly("n1:true:1", "n1:false:1");
        assertThat(store.node("n1").orElseThrow().duplicates()).isEqualTo(1);
    }

    @Test
    void a_rejection_is_stored_with_reason_and_size_but_never_the_payload() {
        byte[] payload = "{\"schema\":\"lantaarn.obs/1\", \"secret\":\"AA:BB:CC:DD:EE:FF\"".getBytes(StandardCharsets.UTF_8);
        assertThat(ingest.handle(topics.obs("n1", "climate"), payload)).isEqualTo(Ingest.Outcome.REJECTED);

        RejectionSummary s = store.rejections(10);
        assertThat(s.counts()).containsEntry("malformed-json", 1L);
        assertThat(s.recent().getFirst().size()).isEqualTo(payload.length);
        assertThat(s.recent().getFirst().topic()).isEqualTo("lantaarn/v1/nodes/n1/obs/climate");
        assertThat(s.recent().getFirst().detail()).doesNotContain("AA:BB:CC");
        assertThat(ingest.rejectionCounts()).containsEntry("malformed-json", 1L);
    }

    @Test
    void the_gateways_own_receipts_and_configs_are_ignored_not_rejected() {
        assertThat(ingest.handle(topics.receipt("n1"), codec.encode(new Receipt("n1", 4, T0)))).isEqualTo(Ingest.Outcome.IGNORED);
        assertThat(ingest.handle(topics.config("n1"), "{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(Ingest.Outcome.IGNORED);

        assertThat(store.rejections(10).total()).isZero();
        assertThat(ingest.ignored()).isEqualTo(2);
    }

    @Test
    void a_status_birth_updates_the_fleet() {
        assertThat(ingest.handle(topics.status("n1"), codec.encode(birth("n1", "den-bosch")))).isEqualTo(Ingest.Outcome.STORED);
        assertThat(store.node("n1").orElseThrow().site()).isEqualTo("den-bosch");
    }

    @Test
    void random_bytes_on_any_topic_never_throw_and_are_all_rejected() {
        Random random = new Random(42);
        String[] topicsToTry = {topics.obs("n1", "climate"), topics.status("n1"), topics.health("n1"),
            topics.configAck("n1"), "lantaarn/v1/nodes/n1/unknown", "elsewhere/\u0000/x", ""};
        int n = 0;
        for (int i = 0; i < 300; i++) {
            byte[] payload = new byte[random.nextInt(200)];
            random.nextBytes(payload);
            if (i % 3 == 0) {
                payload = ("{\"schema\":\"lantaarn.obs/1\",\"node\":" + random.nextInt() + "}").getBytes(StandardCharsets.UTF_8);
            }
            assertThat(ingest.handle(topicsToTry[i % topicsToTry.length], payload)).isEqualTo(Ingest.Outcome.REJECTED);
            n++;
        }
        assertThat(store.rejections(1).total()).isEqualTo(n);
        assertThat(ingest.rejectionCounts()).doesNotContainKey(Ingest.INTERNAL_ERROR);
    }

    @Test
    void a_store_that_cannot_work_makes_handle_throw_so_the_message_is_not_acknowledged() {
        store.close();
        assertThatThrownBy(() -> ingest.handle(topics.obs("n1", "climate"), codec.encode(observation("n1", 1))))
                .isInstanceOf(StoreException.class);
    }

    private Ingest.Incoming obs(String node, long seq) {
        return new Ingest.Incoming(topics.obs(node, "climate"), codec.encode(observation(node, seq)));
    }

    @Test
    void a_batch_is_stored_in_one_go_and_a_rejection_inside_it_does_not_block_its_neighbours() {
        List<Ingest.Outcome> outcomes = ingest.handleAll(List.of(
                obs("n1", 1),
                new Ingest.Incoming(topics.obs("n1", "climate"), "{not json".getBytes(StandardCharsets.UTF_8)),
                obs("n1", 2), obs("n2", 1), obs("n1", 2), obs("n1", 3)));

        assertThat(outcomes).containsExactly(Ingest.Outcome.STORED, Ingest.Outcome.REJECTED, Ingest.Outcome.STORED,
                Ingest.Outcome.STORED, Ingest.Outcome.DUPLICATE, Ingest.Outcome.STORED);
        assertThat(store.node("n1").orElseThrow().contiguousSeq()).isEqualTo(3L);
        assertThat(store.node("n2").orElseThrow().contiguousSeq()).isEqualTo(1L);
        assertThat(store.rejections(5).total()).isEqualTo(1);
        assertThat(ingest.rejectionCounts()).containsEntry("malformed-json", 1L);
        assertThat(sequencedEvents).containsExactly("n1:true:1", "n1:true:2", "n2:true:1", "n1:false:2", "n1:true:3");
    }

    @Test
    void listeners_hear_of_a_stored_batch_only_once_it_is_committed_so_a_receipt_never_runs_ahead_of_the_disk() {
        List<String> seenByOthers = new ArrayList<>();
        IngestListener checker = new IngestListener() {
            @Override
            public void sequencedStored(String node, SequencedResult result) {
                // The read connection sees only committed data: what another replica or a restart would see.
                seenByOthers.add(node + ":" + store.node(node).orElseThrow().contiguousSeq());
            }
        };
        Ingest checked = new Ingest(codec, store, new Deduplicator(store, codec), new Fleet(store),
                Clock.fixed(T0, ZoneOffset.UTC), List.of(checker));
        List<Ingest.Incoming> batch = new ArrayList<>();
        for (long seq = 1; seq <= 300; seq++) {
            batch.add(obs("n1", seq));
        }
        assertThat(checked.handleAll(batch)).hasSize(300).containsOnly(Ingest.Outcome.STORED);
        assertThat(seenByOthers).hasSize(300).containsOnly("n1:300");
    }

    @Test
    void a_database_failure_inside_a_batch_stores_none_of_it_tells_no_listener_and_the_batch_can_come_again() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file().toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("CREATE TRIGGER disk_on_fire BEFORE INSERT ON sequenced WHEN NEW.seq = 3 "
                    + "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
        }
        List<Ingest.Incoming> batch = List.of(obs("n1", 1), obs("n1", 2), obs("n1", 3), obs("n1", 4));

        assertThatThrownBy(() -> ingest.handleAll(batch)).isInstanceOf(StoreException.class);
        assertThat(store.node("n1")).isEmpty();
        assertThat(sequencedEvents).isEmpty();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file().toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("DROP TRIGGER disk_on_fire");
        }
        assertThat(ingest.handleAll(batch)).containsOnly(Ingest.Outcome.STORED);
        assertThat(store.node("n1").orElseThrow().contiguousSeq()).isEqualTo(4L);
        assertThat(store.node("n1").orElseThrow().duplicates()).isZero();
        assertThat(sequencedEvents).containsExactly("n1:true:1", "n1:true:2", "n1:true:3", "n1:true:4");
    }
}
