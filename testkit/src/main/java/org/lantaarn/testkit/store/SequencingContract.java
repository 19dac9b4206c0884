package org.lantaarn.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.SeqRange;

/** The sequencing rules every store keeps: dedup per {@code (node, seq)}, gap ranges, contiguity, receipts' seeds. */
public abstract class SequencingContract extends StoreContract {

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
        Gap gap = new Gap("n1", "climate", 7, T0, T0.plusSeconds(240), 3, "outbox-full", List.of(new SeqRange(2, 4)));

        SequencedResult r = stored(gap);

        assertThat(r.contiguousSeq()).isEqualTo(7);
        assertThat(pendingSeqs("n1")).containsExactly(1L, 3L, 5L, 6L, 7L);
        String twinGap = twinPayload("n1", 7);
        assertThat(twinGap).as("3 arrived before the node dropped it, so the twin copy names only 2 and 4")
                .contains("\"replaces\":[{\"first\":2,\"last\":2},{\"first\":4,\"last\":4}]")
                .contains("\"windows\":2");
        assertThat(obs("n1", 4).isNew()).as("a late copy of a replaced seq is a duplicate").isFalse();
        assertThat(store.observations("n1", "climate", T0, T0.plusSeconds(3600), 10)).hasSize(4);
    }

    @Test
    void a_gap_whose_first_and_last_windows_arrived_is_narrowed_in_windows_from_and_to() {
        store.storeStatus(birth("n1", "site-a"), T0);
        for (long s = 1; s <= 3; s++) {
            obs("n1", s); // windows 1..3 arrived; 4..8 did not; 9..10 arrived
        }
        obs("n1", 9);
        obs("n1", 10);
        Instant from = observation("n1", 1).start();
        Instant to = observation("n1", 10).end();
        Gap gap = new Gap("n1", "climate", 11, from, to, 10, "outbox-full", List.of(new SeqRange(1, 10)));

        SequencedResult r = stored(gap);

        assertThat(r.contiguousSeq()).isEqualTo(11);
        Gap twin = (Gap) ((org.lantaarn.protocol.Decoded.Accepted) codec.decode(twinPayload("n1", 11)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).message();
        assertThat(twin.replaces()).containsExactly(new SeqRange(4, 8));
        assertThat(twin.windows()).isEqualTo(5);
        assertThat(twin.from()).isEqualTo(observation("n1", 3).end());
        assertThat(twin.to()).isEqualTo(observation("n1", 9).start());
    }

    @Test
    void a_gap_whose_windows_all_arrived_reaches_the_twin_replacing_nothing_over_an_empty_span() {
        store.storeStatus(birth("n1", "site-a"), T0);
        obs("n1", 1);
        obs("n1", 2);
        Gap gap = new Gap("n1", "climate", 3, T0, T0.plusSeconds(600), 2, "outbox-full", List.of(new SeqRange(1, 2)));

        assertThat(stored(gap).contiguousSeq()).isEqualTo(3);
        assertThat(pendingSeqs("n1")).as("its seq is accounted for on the twin too").containsExactly(1L, 2L, 3L);
        Gap twin = (Gap) ((org.lantaarn.protocol.Decoded.Accepted) codec.decode(twinPayload("n1", 3)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).message();
        assertThat(twin.replaces()).isEmpty();
        assertThat(twin.to()).isEqualTo(twin.from());
        assertThat(store.node("n1").orElseThrow().gaps()).isEqualTo(1);
    }

    @Test
    void an_observation_and_a_gap_with_the_same_seq_are_one_key() {
        obs("n1", 1);
        SequencedResult g = stored(gap("n1", 1));

        assertThat(g.isNew()).isFalse();
        assertThat(store.node("n1").orElseThrow().gaps()).isZero();
    }

    @Test
    void contiguous_seq_stops_at_a_hole_and_jumps_when_the_hole_is_filled() {
        assertThat(obs("n1", 1).contiguousSeq()).isEqualTo(1);
        assertThat(obs("n1", 2).contiguousSeq()).isEqualTo(2);
        assertThat(obs("n1", 4).contiguousSeq()).isEqualTo(2);
        assertThat(stored(gap("n1", 5)).contiguousSeq()).isEqualTo(2);

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
        List<SequencedEntry> batch = new ArrayList<>();
        for (long s = 3; s <= 2500; s++) {
            batch.add(SequencedEntry.of(observation("n1", s), codec, T0));
        }
        store.storeSequenced(batch);
        assertThat(store.node("n1").orElseThrow().contiguousSeq()).isEqualTo(1);

        assertThat(obs("n1", 2).contiguousSeq()).isEqualTo(2500);
    }

    @Test
    void a_batch_gives_each_entry_the_result_it_would_have_had_alone() {
        obs("n1", 2);
        List<SequencedResult> r = store.storeSequenced(List.of(
                SequencedEntry.of(observation("n1", 1), codec, T0),
                SequencedEntry.of(observation("n1", 2), codec, T0),
                SequencedEntry.of(observation("n1", 3), codec, T0),
                SequencedEntry.of(observation("n1", 3), codec, T0),
                SequencedEntry.of(observation("n2", 1), codec, T0)));

        assertThat(r).extracting(SequencedResult::isNew).containsExactly(true, false, true, false, true);
        assertThat(r).extracting(SequencedResult::contiguousSeq).containsExactly(2L, 2L, 3L, 3L, 1L);
        assertThat(store.node("n1").orElseThrow().duplicates()).isEqualTo(2);
    }

    @Test
    void writers_storing_one_nodes_seqs_at_once_store_each_seq_once_and_agree_on_contiguity() throws Exception {
        int writers = 4;
        int perWriter = 150;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Integer>> jobs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int offset = w;
                jobs.add(() -> {
                    int isNew = 0;
                    // every writer stores every seq (as replicas given redeliveries do), in a different order
                    for (int i = 0; i < perWriter; i++) {
                        long seq = 1 + (i * 7L + offset * 37L) % perWriter;
                        isNew += obs("n1", seq).isNew() ? 1 : 0;
                    }
                    return isNew;
                });
            }
            int newTotal = 0;
            for (Future<Integer> f : pool.invokeAll(jobs)) {
                newTotal += f.get();
            }
            assertThat(newTotal).as("each seq is new for exactly one writer").isEqualTo(perWriter);
        } finally {
            pool.shutdownNow();
        }
        NodeRecord n = store.node("n1").orElseThrow();
        assertThat(n.contiguousSeq()).isEqualTo(perWriter);
        assertThat(n.observations()).isEqualTo(perWriter);
        assertThat(n.duplicates()).isEqualTo((long) perWriter * (writers - 1));
    }

    @Test
    void observations_are_selected_by_window_start_in_seq_order_up_to_the_limit() {
        for (long s = 1; s <= 5; s++) {
            obs("n1", s);
        }
        stored(gap("n1", 6));
        Instant from = T0.plusSeconds(120);

        List<String> rows = store.observations("n1", "climate", from, T0.plusSeconds(3600), 10);
        assertThat(rows).hasSize(4);
        assertThat(rows.getFirst()).contains("\"seq\":2");
        assertThat(store.observations("n1", "climate", from, T0.plusSeconds(3600), 2)).hasSize(2);
        assertThat(store.observations("n1", "other", T0, T0.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void pruning_deletes_only_old_rows_the_twin_has_below_the_contiguous_seq_and_a_late_copy_is_still_no_hole() {
        store.storeStatus(birth("n1", "s"), T0);
        for (long s = 1; s <= 4; s++) {
            obs("n1", s);
        }
        obs("n1", 6);
        store.markTwinPublished(List.of(new org.lantaarn.gateway.store.TwinQueue.TwinKey("n1", 1),
                new org.lantaarn.gateway.store.TwinQueue.TwinKey("n1", 2),
                new org.lantaarn.gateway.store.TwinQueue.TwinKey("n1", 6)));

        // A day later: a store that keeps rows per day of reception (PostgreSQL's partitions) prunes whole days only.
        long pruned = store.pruneSequenced(T0.plus(java.time.Duration.ofDays(1)));

        assertThat(pruned).as("1 and 2: published and contiguous; 3, 4 unpublished; 6 above a hole").isEqualTo(2);
        assertThat(store.observations("n1", "climate", T0, T0.plusSeconds(3600), 10)).hasSize(3);
        assertThat(store.pruneSequenced(T0)).as("nothing was received before T0").isZero();
        assertThat(obs("n1", 5).contiguousSeq()).isEqualTo(6);
    }

    @Test
    void marked_rows_stay_marked_and_stored_rows_stay_duplicates_after_the_store_is_reopened() {
        store.storeStatus(birth("n1", "s"), T0);
        obs("n1", 1);
        obs("n1", 2);
        store.markTwinPublished("n1", 1);
        store.close();

        store = reopen();
        assertThat(pendingSeqs("n1")).containsExactly(2L);
        assertThat(obs("n1", 2).isNew()).isFalse();
    }

    private String twinPayload(String node, long seq) {
        return store.pendingTwin(10_000).stream().filter(p -> p.node().equals(node) && p.seq() == seq)
                .map(PendingTwin::payloadJson).findFirst().orElseThrow();
    }
}
