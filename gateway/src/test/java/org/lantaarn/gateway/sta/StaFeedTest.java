package org.lantaarn.gateway.sta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.Fixtures;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.SequencedResult;

/** The SensorThings feed shares the session with the twin feed: a full session is waited for, not a reason to skip. */
class StaFeedTest {

    /** Refuses the first {@code busy} publishes as a session with no free in-flight slot does, then takes them. */
    private static final class BusySession implements Publisher {
        final AtomicInteger refusalsLeft;
        final List<String> topics = new CopyOnWriteArrayList<>();

        BusySession(int busy) {
            refusalsLeft = new AtomicInteger(busy);
        }

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retained) {
            if (refusalsLeft.getAndDecrement() > 0) {
                throw new PublishException("Too many publishes in progress");
            }
            topics.add(topic);
        }

        @Override
        public boolean isConnected() {
            return true;
        }
    }

    @Test
    void a_window_that_finds_the_session_full_is_published_once_there_is_room() {
        BusySession session = new BusySession(5);
        try (StaFeed feed = new StaFeed(session, () -> "http://127.0.0.1/sta/v1.1")) {
            feed.observationStored(Fixtures.observation("node-1", 1), new SequencedResult(true, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> feed.published() == 1);
            assertThat(feed.skipped()).isZero();
            assertThat(session.topics).anyMatch(t -> t.startsWith("v1.1/Datastreams('node-1:")).contains("v1.1/Observations");
        }
    }

    @Test
    void a_session_that_stays_full_skips_the_window_and_counts_it() {
        BusySession session = new BusySession(Integer.MAX_VALUE);
        try (StaFeed feed = new StaFeed(session, () -> "http://127.0.0.1/sta/v1.1")) {
            feed.observationStored(Fixtures.observation("node-1", 1), new SequencedResult(true, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> feed.skipped() == 1);
            assertThat(feed.published()).isZero();
            assertThat(session.topics).isEmpty();
        }
    }
}
