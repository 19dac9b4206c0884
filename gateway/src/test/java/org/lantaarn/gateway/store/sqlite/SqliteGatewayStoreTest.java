package org.lantaarn.gateway.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantaarn.gateway.Fixtures.T0;
import static org.lantaarn.gateway.Fixtures.birth;
import static org.lantaarn.gateway.Fixtures.gap;
import static org.lantaarn.gateway.Fixtures.health;
import static org.lantaarn.gateway.Fixtures.observation;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.Fixtures;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Status;

class SqliteGatewayStoreTest {
    private final JsonCodec codec = new JsonCodec();
    @TempDir
    Path dir;
    private SqliteGatewayStore store;

    @BeforeEach
    void open() {
        store = SqliteGatewayStore.open(dir, codec);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private SequencedResult obs(String node, long seq) {
        return store.storeSequenced(SequencedEntry.of(observation(node, seq), codec, T0));
    }

    private List<Long> pendingSeqs(String node) {
        return store.pendingTwin(1000).stream().filter(p -> p.node().equals(node)).map(PendingTwin::seq).toList();
    }

    @Test
    void stores_a_new_observation_once_and_counts_the_duplicate() {
        assertThat(obs("n1", 1).isNew()).isTrue();
        SequencedResult again = obs("n1", 1);

        assertThat(again.isNew()).isFalse();
        assertThat(again.contiguousSeq()).isEqualTo(1);
        NodeRecord n = store.node("n1").orElseThrow();
        assertThat(n.observations()).isEqualTo(1);
        assertThat(n.duplicates()).isEqualTo(1);
        assertThat(store.observations("n1", "climate", T0, T0.plusSeconds(3600), 10)).hasSize(1);
    }

    @Test
    void counts_the_seqs_a_gap_replaces_as_present_so_the_receipt_moves_past_them_and_the_twin_gets_only_the_gap() {
        store.storeStatus(birth("n1", "site-a"), T0);
        obs("n1", 1);
        obs("n1", 3);
        obs("n1", 5);
        assertThat(obs("n1", 6).contiguousSeq()).as("2 and 4 are missing").isEqualTo(1);
        org.lantaarn.protocol.Gap gap = new org.lantaarn.protocol.Gap("n1", "climate", 7, T0, T0.plusSeconds(240), 3,
                "outbox-full", List.of(new org.lantaarn.protocol.SeqRange(2, 4)));

        SequencedResult r = store.storeSequenced(SequencedEntry.of(gap, codec, T0));

        assertThat(r.contiguousSeq()).isEqualTo(7);
        assertThat(pendingSeqs("n1")).containsExactly(1L, 3L, 5L, 6L, 7L);
        String twinGap = store.pendingTwin(100).stream().filter(p -> p.seq() == 7).findFirst().orElseThrow().payloadJson();
        assertThat(twinGap).as("3 arrived before the node dropped it, so the twin copy names only 2 and 4")
                .contains("\"replaces\":[{\"first\":2,\"last\":2},{\"first\":4,\"last\":4}]");
        assertThat(obs("n1", 4).isNew()).as("a late copy of a replaced seq is a duplicate").isFalse();
        assertThat(store.observations("n1", "climate", T0, T0.plusSeconds(3600), 10)).hasSize(4);
    }

    @Test
    void an_observation_and_a_gap_with_the_same_seq_are_one_key() {
        obs("n1", 1);
        SequencedResult g = store.storeSequenced(SequencedEntry.of(gap("n1", 1), codec, T0));

        assertThat(g.isNew()).isFalse();
        assertThat(store.node("n1").orElseThrow().gaps()).isZero();
    }

    @Test
    void contiguous_seq_stops_at_a_hole_and_jumps_when_the_hole_is_filled() {
        assertThat(obs("n1", 1).contiguousSeq()).isEqualTo(1);
        assertThat(obs("n1", 2).contiguousSeq()).isEqualTo(2);
        assertThat(obs("n1", 4).contiguousSeq()).isEqualTo(2);
        assertThat(store.storeSequenced(SequencedEntry.of(gap("n1", 5), codec, T0)).contiguousSeq()).isEqualTo(2);

        assertThat(obs("n1", 3).contiguousSeq()).isEqualTo(5);
        NodeRecord n = store.node("n1").orElseThrow();
        assertThat(n.lastSeq()).isEqualTo(5);
        assertThat(n.gaps()).isEqualTo(1);
    }

    @Test
    void contiguity_starts_at_seq_one_so_seqs_the_broker_never_delivered_are_not_receipted() {
        assertThat(obs("n1", 41).contiguousSeq()).isZero();
        for (long s = 1; s <= 39; s++) {
            obs("n1", s);
        }
        assertThat(obs("n1", 40).contiguousSeq()).isEqualTo(41);
        assertThat(store.node("n1").orElseThrow().firstSeq()).isEqualTo(1);
    }

    @Test
    void an_empty_store_starts_a_node_after_its_retained_receipt() {
        assertThat(store.seedReceipt("n1", 40)).isTrue();
        assertThat(obs("n1", 41).contiguousSeq()).isEqualTo(41);
        assertThat(store.seedReceipt("n1", 10)).as("a node on record is not reseeded").isFalse();
        assertThat(store.node("n1").orElseThrow().contiguousSeq()).isEqualTo(41);
    }

    @Test
    void a_retained_receipt_arriving_after_the_first_message_still_moves_the_node_on() {
        // the broker delivered queued messages (1001, 1002) before the retained receipt for 1000
        assertThat(obs("n1", 1001).contiguousSeq()).isZero();
        assertThat(obs("n1", 1002).contiguousSeq()).isZero();

        assertThat(store.seedReceipt("n1", 1000)).isTrue();

        assertThat(store.node("n1").orElseThrow().contiguousSeq()).isEqualTo(1002);
        assertThat(obs("n1", 1003).contiguousSeq()).isEqualTo(1003);
        assertThat(store.seedReceipt("n1", 999)).as("an older receipt changes nothing").isFalse();
        assertThat(store.node("n1").orElseThrow().contiguousSeq()).isEqualTo(1003);
    }

    @Test
    void contiguity_walks_far_over_a_long_run_of_rows_stored_out_of_order() {
        obs("n1", 1);
        for (long s = 3; s <= 2500; s++) {
            obs("n1", s);
        }
        assertThat(store.node("n1").orElseThrow().contiguousSeq()).isEqualTo(1);

        assertThat(obs("n1", 2).contiguousSeq()).isEqualTo(2500);
    }

    @Test
    void rows_of_a_node_without_a_known_site_wait_without_holding_up_others() {
        obs("a-node", 1);
        obs("b-node", 1);
        store.storeStatus(birth("b-node", "den-bosch"), T0);

        assertThat(pendingSeqs("a-node")).isEmpty();
        assertThat(pendingSeqs("b-node")).containsExactly(1L);

        store.storeStatus(birth("a-node", "den-bosch"), T0);
        assertThat(pendingSeqs("a-node")).containsExactly(1L);
        PendingTwin p = store.pendingTwin(10).getFirst();
        assertThat(p.site()).isEqualTo("den-bosch");
        assertThat(p.location()).isEqualTo(Fixtures.LOCATION);
        assertThat(p.runtimeVersion()).isEqualTo("0.1.0");
    }

    @Test
    void pending_twin_rows_stop_at_a_hole_until_it_is_filled() {
        store.storeStatus(birth("n1", "s"), T0);
        obs("n1", 1);
        obs("n1", 3);
        assertThat(pendingSeqs("n1")).containsExactly(1L);

        obs("n1", 2);
        assertThat(pendingSeqs("n1")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void marked_rows_stay_marked_after_the_file_is_reopened() {
        store.storeStatus(birth("n1", "s"), T0);
        obs("n1", 1);
        obs("n1", 2);
        store.markTwinPublished("n1", 1);
        store.close();

        store = SqliteGatewayStore.open(dir, codec);
        assertThat(pendingSeqs("n1")).containsExactly(2L);
        assertThat(obs("n1", 2).isNew()).isFalse();
    }

    @Test
    void a_birth_sets_the_fleet_view_and_a_death_keeps_site_and_location() {
        store.storeStatus(birth("n1", "den-bosch"), T0);
        NodeRecord online = store.node("n1").orElseThrow();
        assertThat(online.state()).isEqualTo("online");
        assertThat(online.site()).isEqualTo("den-bosch");
        assertThat(online.lastBirth().configVersion()).isEqualTo(3L);
        assertThat(online.lastBirth().streams()).extracting(s -> s.id()).containsExactly("climate");

        NodeRecord offline = store.storeStatus(Status.offline("n1", null, null, null), T0.plusSeconds(5));
        assertThat(offline.state()).isEqualTo("offline");
        assertThat(offline.site()).isEqualTo("den-bosch");
        assertThat(offline.location()).isEqualTo(Fixtures.LOCATION);
        assertThat(offline.lastSeen()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void health_is_kept_as_latest_and_in_history() {
        store.storeHealth(health("n1"), T0);
        store.storeHealth(health("n1"), T0.plusSeconds(60));

        assertThat(store.node("n1").orElseThrow().lastHealth().outboxDepth()).isEqualTo(4);
        assertThat(store.healthHistory("n1", 10)).hasSize(2);
    }

    @Test
    void rejections_are_counted_per_reason_with_the_newest_first() {
        store.storeRejection(new RejectionRecord(T0, "t/1", "malformed-json", "not valid JSON", 5));
        store.storeRejection(new RejectionRecord(T0.plusSeconds(1), "t/2", "malformed-json", "not valid JSON", 6));
        store.storeRejection(new RejectionRecord(T0.plusSeconds(2), "t/3", "unknown-schema", "unknown schema 'x'", 7));

        RejectionSummary s = store.rejections(2);
        assertThat(s.counts()).containsEntry("malformed-json", 2L).containsEntry("unknown-schema", 1L);
        assertThat(s.total()).isEqualTo(3);
        assertThat(s.recent()).extracting(RejectionRecord::topic).containsExactly("t/3", "t/2");
    }

    @Test
    void observations_are_selected_by_window_start_in_seq_order_up_to_the_limit() {
        for (long s = 1; s <= 5; s++) {
            obs("n1", s);
        }
        store.storeSequenced(SequencedEntry.of(gap("n1", 6), codec, T0));
        Instant from = T0.plusSeconds(120);

        List<String> rows = store.observations("n1", "climate", from, T0.plusSeconds(3600), 10);
        assertThat(rows).hasSize(4);
        assertThat(rows.getFirst()).contains("\"seq\":2");
        assertThat(store.observations("n1", "climate", from, T0.plusSeconds(3600), 2)).hasSize(2);
        assertThat(store.observations("n1", "other", T0, T0.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void is_usable_while_open_and_not_after_close() {
        assertThat(store.isUsable()).isTrue();
        store.close();
        assertThat(store.isUsable()).isFalse();
    }
}
