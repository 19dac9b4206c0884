package org.lantaarn.gateway.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.lantaarn.gateway.Fixtures.T0;
import static org.lantaarn.gateway.Fixtures.birth;
import static org.lantaarn.gateway.Fixtures.observation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;

/** The twin feed takes nodes in turn: a node with a long backlog does not hold up a node with one window. */
class TwinRoundRobinTest {
    @TempDir
    Path dir;

    private final JsonCodec codec = new JsonCodec();

    /** Records the topic of every twin observation, acknowledged at once, and how often the feed had idled by then. */
    private static final class Recording implements Publisher {
        final List<String> topics = Collections.synchronizedList(new ArrayList<>());
        final List<Long> idleBefore = Collections.synchronizedList(new ArrayList<>());
        volatile TwinPublisher twin;

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retained) {
            if (topic.contains("/twin/") && !topic.endsWith("/status")) {
                topics.add(topic);
                idleBefore.add(twin.idleWaits());
            }
        }

        @Override
        public boolean isConnected() {
            return true;
        }
    }

    @Test
    void a_node_with_one_window_is_published_in_the_first_round_although_another_node_has_a_long_backlog() {
        Recording publisher = new Recording();
        try (SqliteGatewayStore store = SqliteGatewayStore.open(dir, codec)) {
            store.storeStatus(birth("a-busy", "den-bosch"), T0);
            store.storeStatus(birth("b-quiet", "den-bosch"), T0);
            int backlog = TwinPublisher.BATCH + 100; // more than a round: in (node, seq) order b-quiet came second
            for (long s = 1; s <= backlog; s++) {
                store.storeSequenced(SequencedEntry.of(observation("a-busy", s), codec, T0));
            }
            store.storeSequenced(SequencedEntry.of(observation("b-quiet", 1), codec, T0));

            try (TwinPublisher twin = new TwinPublisher(store, publisher, codec)) {
                publisher.twin = twin;
                twin.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.topics.size() == backlog + 1);
            }
        }

        int quiet = publisher.topics.indexOf(publisher.topics.stream().filter(t -> t.contains("/b-quiet/")).findFirst().orElseThrow());
        assertThat(quiet).as("b-quiet's window comes after at most one round's share of a-busy")
                .isLessThanOrEqualTo(TwinPublisher.PER_NODE);
        assertThat(publisher.topics.stream().filter(t -> t.contains("/a-busy/")).count()).isEqualTo(TwinPublisher.BATCH + 100);
    }

    @Test
    void rounds_short_of_a_batch_follow_each_other_without_idling_while_rows_are_pending() {
        Recording publisher = new Recording();
        int rows = 5 * TwinPublisher.PER_NODE; // one node: every round is PER_NODE rows, short of BATCH
        try (SqliteGatewayStore store = SqliteGatewayStore.open(dir, codec)) {
            store.storeStatus(birth("a-busy", "den-bosch"), T0);
            for (long s = 1; s <= rows; s++) {
                store.storeSequenced(SequencedEntry.of(observation("a-busy", s), codec, T0));
            }
            try (TwinPublisher twin = new TwinPublisher(store, publisher, codec)) {
                publisher.twin = twin;
                twin.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.topics.size() == rows);
            }
        }
        // An idle wait happens only once a round finds nothing released; with rows still pending there is none.
        assertThat(publisher.idleBefore).as("idle waits seen at each publish").containsOnly(0L);
    }
}
