package org.lantaarn.gateway.receipt;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Receipt;

class ReceiptSenderTest {
    private final JsonCodec codec = new JsonCodec();

    /** Records publishes; fails them while {@code down} is set. */
    static final class FakePublisher implements Publisher {
        final List<String> published = new CopyOnWriteArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();
        final JsonCodec codec = new JsonCodec();

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retained) {
            if (down.get()) {
                throw new PublishException("down");
            }
            assertThat(qos).isEqualTo(1);
            assertThat(retained).isTrue();
            Receipt r = (Receipt) ((Decoded.Accepted) codec.decode(topic, payload)).message();
            published.add(r.node() + "@" + r.seq());
        }

        @Override
        public boolean isConnected() {
            return !down.get();
        }
    }

    @Test
    void a_burst_for_one_node_is_coalesced_to_few_receipts_ending_with_the_latest_seq() {
        FakePublisher pub = new FakePublisher();
        try (ReceiptSender sender = new ReceiptSender(pub, codec, Clock.systemUTC(), Duration.ofMillis(200))) {
            sender.start();
            for (long s = 1; s <= 500; s++) {
                sender.sequencedStored("n1", new SequencedResult(true, s));
            }
            await().atMost(ofSeconds(5)).until(() -> pub.published.contains("n1@500"));
            assertThat(pub.published.size()).isLessThanOrEqualTo(3);
            assertThat(pub.published.getLast()).isEqualTo("n1@500");
        }
    }

    @Test
    void receipts_of_different_nodes_do_not_wait_for_each_other() {
        FakePublisher pub = new FakePublisher();
        try (ReceiptSender sender = new ReceiptSender(pub, codec, Clock.systemUTC())) {
            sender.start();
            sender.sequencedStored("n1", new SequencedResult(true, 3));
            sender.sequencedStored("n2", new SequencedResult(false, 9));
            await().atMost(ofSeconds(5)).untilAsserted(() -> assertThat(pub.published).containsExactlyInAnyOrder("n1@3", "n2@9"));
        }
    }

    @Test
    void a_receipt_that_could_not_be_published_is_sent_when_the_session_is_back() {
        FakePublisher pub = new FakePublisher();
        pub.down.set(true);
        try (ReceiptSender sender = new ReceiptSender(pub, codec, Clock.systemUTC())) {
            sender.start();
            sender.sequencedStored("n1", new SequencedResult(true, 7));
            await().pollDelay(Duration.ofMillis(300)).atMost(ofSeconds(2)).until(() -> pub.published.isEmpty());
            pub.down.set(false);
            await().atMost(ofSeconds(5)).until(() -> pub.published.contains("n1@7"));
        }
    }
}
