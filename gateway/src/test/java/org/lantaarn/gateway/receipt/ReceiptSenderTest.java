package org.lantaarn.gateway.receipt;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Receipt;

/** The receipt rules driven by a fake ticker and explicit ticks; one test runs the sender's own thread. */
class ReceiptSenderTest {
    private final JsonCodec codec = new JsonCodec();
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final FakePublisher pub = new FakePublisher();

    private ReceiptSender sender(Duration interval) {
        return new ReceiptSender(pub, codec, Clock.systemUTC(), interval, now::get);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

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
    void a_burst_for_one_node_is_coalesced_to_one_receipt_per_interval_with_the_latest_seq() {
        try (ReceiptSender sender = sender(Duration.ofMillis(200))) {
            for (long s = 1; s <= 250; s++) {
                sender.sequencedStored("n1", new SequencedResult(true, s));
            }
            sender.tick();
            for (long s = 251; s <= 500; s++) {
                sender.sequencedStored("n1", new SequencedResult(true, s));
            }
            sender.tick();
            advance(Duration.ofMillis(199));
            sender.tick();
            assertThat(pub.published).containsExactly("n1@250");

            advance(Duration.ofMillis(1));
            sender.tick();
            sender.tick();

            assertThat(pub.published).containsExactly("n1@250", "n1@500");
            assertThat(sender.sent()).isEqualTo(2);
        }
    }

    @Test
    void receipts_of_different_nodes_do_not_wait_for_each_other() {
        try (ReceiptSender sender = sender(Duration.ofMillis(200))) {
            sender.sequencedStored("n1", new SequencedResult(true, 3));
            sender.tick();
            sender.sequencedStored("n2", new SequencedResult(false, 9));
            sender.sequencedStored("n1", new SequencedResult(true, 4));

            sender.tick();

            assertThat(pub.published).containsExactly("n1@3", "n2@9");
        }
    }

    @Test
    void duplicates_are_receipted_too_and_a_receipt_never_goes_back() {
        try (ReceiptSender sender = sender(Duration.ofMillis(200))) {
            sender.sequencedStored("n1", new SequencedResult(false, 12));
            sender.sequencedStored("n1", new SequencedResult(false, 10));
            sender.sequencedStored("n1", new SequencedResult(true, 0));

            sender.tick();

            assertThat(pub.published).containsExactly("n1@12");
        }
    }

    @Test
    void a_receipt_that_could_not_be_published_is_kept_and_sent_when_the_session_is_back() {
        try (ReceiptSender sender = sender(Duration.ofMillis(200))) {
            pub.down.set(true);
            sender.sequencedStored("n1", new SequencedResult(true, 7));
            sender.tick();
            advance(Duration.ofSeconds(1));
            sender.tick();
            assertThat(pub.published).isEmpty();
            assertThat(sender.sent()).isZero();

            pub.down.set(false);
            sender.sequencedStored("n1", new SequencedResult(true, 6));
            sender.tick();

            assertThat(pub.published).containsExactly("n1@7");
        }
    }

    @Test
    void the_started_sender_publishes_on_its_own_thread() {
        try (ReceiptSender sender = new ReceiptSender(pub, codec, Clock.systemUTC())) {
            sender.start();
            sender.sequencedStored("n1", new SequencedResult(true, 3));
            await().atMost(ofSeconds(30)).until(() -> pub.published.contains("n1@3"));
        }
    }
}
