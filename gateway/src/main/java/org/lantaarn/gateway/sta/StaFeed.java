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
            for (StaMqttMessages.Message m : messages) {
                publisher.publish(m.topic(), m.payload(), QOS, false);
            }
        } catch (Publisher.PublishException e) {
            skipped.increment();
            LOG.warn("SensorThings update ({}) not published: {}", what, e.getMessage());
        }
    }

    private void publish(Observation o) {
        if (!publisher.isConnected()) {
            skipped.increment();
            return;
        }
        try {
            for (StaMqttMessages.Message m : StaMqttMessages.of(o, base.get())) {
                publisher.publish(m.topic(), m.payload(), QOS, false);
            }
            published.increment();
        } catch (Publisher.PublishException e) {
            skipped.increment();
            LOG.warn("SensorThings update of {}/{}#{} not published: {}", o.node(), o.stream(), o.seq(), e.getMessage());
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
