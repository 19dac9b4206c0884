package org.lantaarn.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.store.NodeOwnership;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.TwinQueue;

/** A twin round ({@link TwinQueue#pendingTwinRound}): round-robin over nodes, as every store reads it. */
public abstract class TwinQueueContract extends StoreContract {
    private static final NodeOwnership ALL = NodeOwnership.all();

    private void node(String node, long seqs) {
        store.storeStatus(birth(node, "den-bosch"), T0);
        for (long s = 1; s <= seqs; s++) {
            obs(node, s);
        }
    }

    private static Map<String, List<Long>> seqsByNode(List<PendingTwin> rows) {
        return rows.stream().collect(Collectors.groupingBy(PendingTwin::node, TreeMap::new,
                Collectors.mapping(PendingTwin::seq, Collectors.toList())));
    }

    @Test
    void a_round_takes_the_lowest_seqs_of_every_node_up_to_the_per_node_limit_in_seq_order() {
        node("n-a", 10);
        node("n-b", 2);
        node("n-c", 10);

        List<PendingTwin> round = store.pendingTwinRound(500, 3, null, ALL);

        assertThat(seqsByNode(round)).containsExactly(
                Map.entry("n-a", List.of(1L, 2L, 3L)), Map.entry("n-b", List.of(1L, 2L)), Map.entry("n-c", List.of(1L, 2L, 3L)));
        assertThat(round).extracting(PendingTwin::node).as("nodes in order, each node's rows together")
                .containsExactly("n-a", "n-a", "n-a", "n-b", "n-b", "n-c", "n-c", "n-c");
    }

    @Test
    void a_round_starts_after_the_cursor_node_and_wraps_around_to_the_nodes_up_to_it() {
        node("n-a", 5);
        node("n-b", 5);
        node("n-c", 5);

        assertThat(store.pendingTwinRound(500, 1, "n-a", ALL)).extracting(PendingTwin::node)
                .containsExactly("n-b", "n-c", "n-a");
        assertThat(store.pendingTwinRound(2, 1, "n-b", ALL)).as("the limit cuts the round after the wrap point")
                .extracting(PendingTwin::node).containsExactly("n-c", "n-a");
        assertThat(store.pendingTwinRound(4, 2, "n-c", ALL)).as("after the last node: from the first")
                .extracting(PendingTwin::node).containsExactly("n-a", "n-a", "n-b", "n-b");
    }

    @Test
    void successive_rounds_passing_the_last_node_on_give_every_node_a_turn_while_one_node_has_a_long_backlog() {
        node("n-a", 40);
        node("n-b", 1);
        node("n-c", 1);

        String cursor = null;
        List<String> firstNodes = new java.util.ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<PendingTwin> rows = store.pendingTwinRound(4, 4, cursor, ALL);
            firstNodes.add(rows.getFirst().node());
            store.markTwinPublished(rows.stream().map(r -> new TwinQueue.TwinKey(r.node(), r.seq())).toList());
            cursor = rows.getLast().node();
        }

        assertThat(firstNodes).containsExactly("n-a", "n-b", "n-a");
        assertThat(pendingSeqs("n-b")).isEmpty();
        assertThat(pendingSeqs("n-c")).isEmpty();
        assertThat(pendingSeqs("n-a")).as("n-a had 4, then the 2 left by n-b and n-c, then 4").startsWith(11L).hasSize(30);
    }

    @Test
    void a_round_skips_marked_rows_and_stops_each_node_at_its_first_hole_and_skips_nodes_without_a_site() {
        node("n-a", 6);
        store.markTwinPublished(List.of(new TwinQueue.TwinKey("n-a", 1), new TwinQueue.TwinKey("n-a", 2)));
        store.storeStatus(birth("n-b", "den-bosch"), T0);
        obs("n-b", 1);
        obs("n-b", 3); // seq 2 not stored yet: 3 waits
        obs("n-c", 1); // no birth: no site yet

        List<PendingTwin> round = store.pendingTwinRound(500, 3, null, ALL);

        assertThat(seqsByNode(round)).containsExactly(Map.entry("n-a", List.of(3L, 4L, 5L)), Map.entry("n-b", List.of(1L)));
        PendingTwin first = round.getFirst();
        assertThat(first.site()).isEqualTo("den-bosch");
        assertThat(first.location()).isEqualTo(LOCATION);
        assertThat(first.payloadJson()).contains("\"seq\":3");
    }

    @Test
    void a_round_holds_only_the_nodes_this_gateway_owns() {
        node("n-a", 2);
        node("n-b", 2);
        NodeOwnership onlyB = new NodeOwnership() {
            @Override
            public boolean owns(String node) {
                return node.equals("n-b");
            }
        };

        assertThat(store.pendingTwinRound(500, 5, null, onlyB)).extracting(PendingTwin::node).containsOnly("n-b").hasSize(2);
    }
}
