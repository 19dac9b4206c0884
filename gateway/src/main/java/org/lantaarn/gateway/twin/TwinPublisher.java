package org.lantaarn.gateway.twin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.ingest.IngestListener;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Status;
import org.lantaarn.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the twin from the store, on one thread of its own ({@code lantaarn-twin}), the only thread that publishes
 * twin observations. It takes the rows not yet marked as published, in {@code (node, seq)} order, publishes each at
 * QoS 1 (not retained) on {@code {prefix}/twin/{site}/{node}/{stream}}, and marks it after the broker's PUBACK, so
 * the feed is exactly once per {@code (node, seq)} and in seq order per node, also across a restart (a crash between
 * PUBACK and mark repeats one message). Observations are enriched with site, location and metadata from the node's
 * status birth; nodes without a known site wait without holding up others. Node statuses are republished retained
 * on {@code {prefix}/twin/{site}/{node}/status}.
 */
public final class TwinPublisher implements IngestListener, AutoCloseable {
    /**
     * The twin feed is published at QoS 2, so that a consumer subscribing at QoS 2 gets each message once
     * from the broker even when the broker restarts while delivering it (at QoS 1 Mosquitto sends the
     * unacknowledged message again after the restart). Consumers at QoS 1 still work; they deduplicate by
     * {@code (node, seq)}, the idempotency key.
     */
    static final int TWIN_QOS = 2;
    /** Gap reason: the stored observation no longer decodes, so no twin copy could be made. */
    public static final String TWIN_COPY_FAILED = "twin-copy-failed";
    /** Gap reason: the enriched twin copy would exceed the twin's payload limit. */
    public static final String TWIN_COPY_TOO_LARGE = "twin-copy-too-large";

    private static final Logger LOG = LoggerFactory.getLogger(TwinPublisher.class);
    private static final int BATCH = 500;
    private static final long IDLE_POLL_MS = 1000;
    private static final long RETRY_CAP_MS = 5000;

    private final GatewayStore store;
    private final Publisher publisher;
    private final JsonCodec codec;
    private final Topics topics;
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong copyFailures = new AtomicLong();
    private final Thread thread;
    private volatile boolean running;

    public TwinPublisher(GatewayStore store, Publisher publisher, JsonCodec codec) {
        this.store = store;
        this.publisher = publisher;
        this.codec = codec;
        this.topics = codec.topics();
        this.thread = new Thread(this::run, "lantaarn-twin");
        this.thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** Wakes the publisher: new rows may be pending. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    @Override
    public void sequencedStored(String node, SequencedResult result) {
        if (result.isNew()) {
            wake();
        }
    }

    @Override
    public void statusStored(Status status, NodeRecord node) {
        Fleet.enrichedStatus(status, node).ifPresent(s -> statuses.put(s.node(), s));
        wake();
    }

    /** Twin observations and gaps published by this gateway since start. */
    public long published() {
        return published.get();
    }

    private void run() {
        long retryMs = 0;
        while (running) {
            try {
                if (retryMs > 0) {
                    waitForWake(retryMs);
                    if (!running) {
                        break;
                    }
                }
                publishStatuses();
                int n = publishPending();
                retryMs = 0;
                if (n < BATCH && statuses.isEmpty()) {
                    waitForWake(IDLE_POLL_MS);
                }
            } catch (Publisher.PublishException e) {
                retryMs = retryMs == 0 ? 250 : Math.min(RETRY_CAP_MS, retryMs * 2);
                LOG.debug("twin publish failed, retrying in {} ms: {}", retryMs, e.getMessage());
            } catch (RuntimeException e) {
                retryMs = retryMs == 0 ? 250 : Math.min(RETRY_CAP_MS, retryMs * 2);
                if (running) {
                    LOG.warn("twin feed paused for {} ms: {}", retryMs, e.toString());
                }
            }
        }
    }

    private void waitForWake(long ms) {
        try {
            wake.tryAcquire(ms, TimeUnit.MILLISECONDS);
            wake.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void publishStatuses() {
        for (Map.Entry<String, Status> e : Map.copyOf(statuses).entrySet()) {
            Status s = e.getValue();
            publisher.publish(topics.twinStatus(s.site(), s.node()), codec.encode(s), TWIN_QOS, true);
            statuses.remove(e.getKey(), s);
        }
    }

    private int publishPending() {
        List<PendingTwin> rows = store.pendingTwin(BATCH);
        for (PendingTwin row : rows) {
            if (!running) {
                break;
            }
            Copy copy = copyOf(row);
            publisher.publish(topics.twinObs(row.site(), row.node(), row.stream()), copy.payload(), TWIN_QOS, false);
            published.incrementAndGet();
            if (copy.substitute()) {
                copyFailures.incrementAndGet();
            }
            store.markTwinPublished(row.node(), row.seq());
        }
        return rows.size();
    }

    /**
     * The twin copy of a stored row. When it cannot be made (the stored JSON no longer decodes, or the enriched copy
     * would exceed {@link JsonCodec#MAX_PAYLOAD_BYTES}, which the node limit's margin should make impossible), the twin
     * gets a gap under the same seq that says so ({@code twin-copy-failed}, {@code twin-copy-too-large}): never silence.
     */
    byte[] twinPayload(PendingTwin row) {
        return copyOf(row).payload();
    }

    /** A twin payload, and whether it is a gap standing in for an observation whose copy could not be made. */
    private record Copy(byte[] payload, boolean substitute) {}

    private Copy copyOf(PendingTwin row) {
        if (row.kind() == SequencedEntry.Kind.GAP) {
            return new Copy(row.payloadJson().getBytes(StandardCharsets.UTF_8), false);
        }
        Decoded d = codec.decode(row.payloadJson().getBytes(StandardCharsets.UTF_8));
        if (!(d instanceof Decoded.Accepted(Message m)) || !(m instanceof Observation o)) {
            LOG.error("stored observation {}#{} no longer decodes; the twin gets a gap instead: {}", row.node(), row.seq(), d);
            return new Copy(insteadOf(row, TWIN_COPY_FAILED), true);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("sensor", o.sensor());
        if (row.runtimeVersion() != null) {
            metadata.put("runtimeVersion", row.runtimeVersion());
        }
        if (row.configVersion() != null) {
            metadata.put("configVersion", Long.toString(row.configVersion()));
        }
        byte[] copy = codec.encode(o.enriched(row.site(), row.location(), metadata));
        if (copy.length > JsonCodec.MAX_PAYLOAD_BYTES) {
            LOG.error("the twin copy of {}#{} would be {} bytes, over the twin's limit of {}; the twin gets a gap instead",
                    row.node(), row.seq(), copy.length, JsonCodec.MAX_PAYLOAD_BYTES);
            return new Copy(insteadOf(row, TWIN_COPY_TOO_LARGE), true);
        }
        return new Copy(copy, false);
    }

    private byte[] insteadOf(PendingTwin row, String reason) {
        Instant to = row.end().isBefore(row.start()) ? row.start() : row.end();
        return codec.encode(new Gap(row.node(), row.stream(), row.seq(), row.start(), to, 1, reason));
    }

    /** Stored observations the twin got (broker-acknowledged) as a gap because their twin copy could not be made, since start. */
    public long copyFailures() {
        return copyFailures.get();
    }

    /** Stops after the publish in progress (marked if acknowledged); unpublished rows wait for the next start. */
    @Override
    public void close() {
        running = false;
        wake.release();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
