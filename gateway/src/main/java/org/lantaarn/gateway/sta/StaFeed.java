package org.lantaarn.gateway.sta;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.lantaarn.gateway.ingest.IngestListener;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Status;
import org.lantaarn.sta.StaNode;
import org.lantaarn.sta.StaMqttMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SensorThings MQTT extension: every newly stored window is published, value by value, on
 * {@code v1.1/Datastreams('<id>')/Observations}, {@code v1.1/FeaturesOfInterest('<node>')/Observations} and
 * {@code v1.1/Observations}, and each birth as the node's Thing and Location (QoS 0, not retained: a live feed that
 * never holds up the twin feed's QoS 2 publishes on the same session), on a thread of
 * its own ({@code lantaarn-sta-feed}) so ingest never waits for the broker. A live feed, not a durable one: when the
 * session is down or the queue of {@link #QUEUE} windows is full, windows are skipped and counted (the HTTP service
 * still has them).
 */
public final class StaFeed implements IngestListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StaFeed.class);
    static final int QUEUE = 10_000;
    private static final int QOS = 0;
    static final int RETRIES = 50;
    static final long RETRY_PAUSE_MS = 20;
    static final long WARN_EVERY = 1000;

    private final Publisher publisher;
    private final Supplier<String> base;
    private final ThreadPoolExecutor executor;
    private final LongAdder published = new LongAdder();
    private final LongAdder skipped = new LongAdder();

    /** {@code base}: the service root for the self links, asked when a window is published. */
    public StaFeed(Publisher publisher, Supplier<String> base) {
        this.publisher = publisher;
        this.base = base;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> new Thread(r, "lantaarn-sta-feed"), (r, e) -> skipped.increment());
    }

    @Override
    public void observationStored(Observation o, SequencedResult result) {
        if (result.isNew()) {
            executor.execute(() -> publish(o));
        }
    }

    @Override
    public void statusStored(Status status, NodeRecord node) {
        if (status.state() == Status.State.ONLINE) {
            StaNode n = new StaNode(node.node(), node.site(), node.location(), node.lastBirth(), node.lastSeen());
            executor.execute(() -> send(StaMqttMessages.of(n, base.get()), "birth of " + node.node()));
        }
    }

    private void send(java.util.List<StaMqttMessages.Message> messages, String what) {
        if (!publisher.isConnected()) {
            skipped.increment();
            return;
        }
        try {
            publishAll(messages);
        } catch (Publisher.PublishException e) {
            skip(what, e);
        }
    }

    private void publish(Observation o) {
        if (!publisher.isConnected()) {
            skipped.increment();
            return;
        }
        try {
            publishAll(StaMqttMessages.of(o, base.get()));
            published.increment();
        } catch (Publisher.PublishException e) {
            skip(o.node() + "/" + o.stream() + "#" + o.seq(), e);
        }
    }

    /**
     * Publishes each message, waiting and trying again while the session has no room: the twin feed's QoS 2
     * publishes share the session's in-flight slots, and a burst of windows would otherwise find them taken
     * ("too many publishes in progress"). Gives up on a message after {@link #RETRIES} pauses of {@link #RETRY_PAUSE_MS} ms.
     */
    private void publishAll(java.util.List<StaMqttMessages.Message> messages) {
        for (StaMqttMessages.Message m : messages) {
            for (int attempt = 0; ; attempt++) {
                try {
                    publisher.publish(m.topic(), m.payload(), QOS, false);
                    break;
                } catch (Publisher.PublishException e) {
                    if (attempt >= RETRIES || !publisher.isConnected()) {
                        throw e;
                    }
                    try {
                        Thread.sleep(RETRY_PAUSE_MS); // this feed's own thread: nothing else waits for it
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    /** Counts a skipped update; says so at WARN the first time and then once every {@link #WARN_EVERY} skips. */
    private void skip(String what, Publisher.PublishException e) {
        skipped.increment();
        long n = skipped.sum();
        if (n == 1 || n % WARN_EVERY == 0) {
            LOG.warn("SensorThings update of {} not published: {} ({} updates skipped since start)", what, e.getMessage(), n);
        }
    }

    /** Windows published since start. */
    public long published() {
        return published.sum();
    }

    /** Windows not published (session down, queue full, broker refused) since start. */
    public long skipped() {
        return skipped.sum();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
