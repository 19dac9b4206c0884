package org.lantaarn.gateway.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;

class InterleavedTwinRowsTest {
    private static PendingTwin row(String node, long seq) {
        Instant t = Instant.parse("2026-05-01T12:00:00Z");
        return new PendingTwin(node, seq, SequencedEntry.Kind.OBSERVATION, "air", t, t, "{}", "s", null, null, null);
    }

    @Test
    void rows_are_taken_round_robin_over_nodes_each_node_in_seq_order() {
        List<PendingTwin> rows = List.of(row("a", 1), row("a", 2), row("a", 3), row("b", 7), row("c", 4), row("c", 5));

        assertThat(TwinPublisher.interleaved(rows)).extracting(r -> r.node() + r.seq())
                .containsExactly("a1", "b7", "c4", "a2", "c5", "a3");
    }
}
