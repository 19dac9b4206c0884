package org.lantaarn.gateway.twin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
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
import org.lantaarn.gateway.store.NodeOwnership;
import org.lantaarn.gateway.store.PendingTwin;
import org.lantaarn.gateway.store.TwinQueue;
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
 * twin observations. It takes up to {@value #BATCH} rows not yet marked as published, at most {@value #PER_NODE} of
 * each node, round-robin over nodes (each round starts after the last node of the one before), publishes them at QoS 2 (not retained) on {@code {prefix}/twin/{site}/{node}/{stream}} with up to {@value #WINDOW}
 * in flight on the one connection (so they reach the broker in that order), and then marks, in one store
 * transaction, every row whose publish the broker acknowledged and whose node had no earlier row fail in this round.
 * So the feed is exactly once per {@code (node, seq)} and in seq order per node, also across a restart; a crash
 * between the broker's acknowledgements and the mark repeats up to {@value #BATCH} messages, byte-identical, and a
 * failed publish repeats the ones of its node after it that were already acknowledged. Observations are enriched with
 * site, location and metadata from the node's
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
    static final int BATCH = 500;
    /**
     * Twin publishes in flight at once, at most one per node (rows are taken round-robin over nodes), acknowledged in
     * order; a node's rows are marked only as a prefix of what the broker acknowledged, so the order per node is kept. A broker with a small queue limit (Mosquitto's
     * {@code max_queued_messages}) may drop twin messages for a consumer that falls behind these bursts: deploy with
     * {@code max_queued_messages 0} (deploy/mosquitto does) and see docs/protocol.md for consumer settings.
     */
    static final int WINDOW = 16;
    /**
     * Rows of one node in a round: with {@value #BATCH} per round, a round holds at least {@value #WINDOW} nodes when
     * that many have rows pending, so the window fills with different nodes.
     */
    static final int PER_NODE = (BATCH + WINDOW - 1) / WINDOW;
    private static final long PUBLISH_TIMEOUT_MS = 15_000;
    private static final long IDLE_POLL_MS = 1000;
    private static final long RETRY_CAP_MS = 5000;

    private final GatewayStore store;
    private final NodeOwnership owned;
    private final Publisher publisher;
    private final JsonCodec codec;
    private final Topics topics;
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong copyFailures = new AtomicLong();
    private final AtomicLong republished = new AtomicLong();
    private final AtomicLong idleWaits = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<Instant> republishFrom =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Thread thread;
    private volatile boolean running;
    /** The last node of the previous round; owned by the twin thread. */
    private String cursor;

    public TwinPublisher(GatewayStore store, Publisher publisher, JsonCodec codec) {
        this(store, publisher, codec, NodeOwnership.all());
    }

    /** A twin feed for the nodes {@code owned} says this gateway publishes for (replicas split them). */
    public TwinPublisher(GatewayStore store, Publisher publisher, JsonCodec codec, NodeOwnership owned) {
        this.owned = owned;
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

    /**
     * The broker lost its state: everything marked published at or after {@code since} is published again, before
     * anything new (the twin thread undoes the marks between two rounds, after the marks of the round in progress).
     */
    public void republishFrom(Instant since) {
        republishFrom.accumulateAndGet(since, (a, b) -> a == null || b.isBefore(a) ? b : a);
        wake();
    }

    /** How often the feed found nothing released and waited for new rows, since start (for tests). */
    long idleWaits() {
        return idleWaits.get();
    }

    /** Twin messages made pending again because a broker lost its state, since start. */
    public long republished() {
        return republished.get();
    }

    private void applyRepublish() {
        Instant since = republishFrom.getAndSet(null);
        if (since != null) {
            long n = store.unmarkTwinPublishedSince(since);
            republished.addAndGet(n);
            LOG.warn("the broker lost its state: publishing again the {} twin message(s) marked since {} "
                    + "(consumers deduplicate by (node, seq))", n, since);
        }
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
                applyRepublish();
                publishStatuses();
                int n = publishPending();
                retryMs = 0;
                // Idle only when nothing was released: a round can be short of BATCH and still leave rows pending
                // (at most PER_NODE of each node), so a short round is followed at once by the next.
                if (n == 0 && statuses.isEmpty()) {
                    idleWaits.incrementAndGet();
                    waitForWake(IDLE_POLL_MS);
                }
            } catch (Publisher.PublishException e) {
                retryMs = retryMs == 0 ? 250 : Math.min(RETRY_CAP_MS, retryMs * 2);
                if (retryMs >= RETRY_CAP_MS) { // failing for several seconds in a row: say so, not only at DEBUG
                    LOG.warn("twin publish still failing, retrying in {} ms: {}", retryMs, e.getMessage());
                } else {
                    LOG.debug("twin publish failed, retrying in {} ms: {}", retryMs, e.getMessage());
                }
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

    private record InFlight(PendingTwin row, boolean substitute, CompletableFuture<Void> acked) {}

    private int publishPending() {
        List<PendingTwin> rows = store.pendingTwinRound(BATCH, PER_NODE, cursor, owned);
        if (!rows.isEmpty()) {
            cursor = rows.getLast().node(); // the next round starts after it: every node gets its turn
        }
        Deque<InFlight> window = new ArrayDeque<>(WINDOW);
        List<PendingTwin> acknowledged = new ArrayList<>(rows.size());
        Set<String> failedNodes = new HashSet<>();
        RuntimeException failure = null;
        for (PendingTwin row : interleaved(rows)) {
            if (!running || failure != null) {
                break; // after a failure nothing new is sent this round (the connection is likely gone)
            }
            // One publish per node in flight: a gateway killed with two of a node's QoS 2 publishes half done can
            // have the later one delivered and the earlier one not, and after the restart the earlier one arrives
            // after it (seen in CrashTest with 16 in flight regardless of node). Different nodes overlap.
            while (window.size() >= WINDOW || inFlight(window, row.node())) {
                failure = settle(window.removeFirst(), acknowledged, failedNodes, failure);
            }
            if (failure != null) {
                break;
            }
            Copy copy = copyOf(row);
            CompletableFuture<Void> acked =
                    publisher.publishAsync(topics.twinObs(row.site(), row.node(), row.stream()), copy.payload(), TWIN_QOS, false);
            window.addLast(new InFlight(row, copy.substitute(), acked));
        }
        while (!window.isEmpty()) {
            failure = settle(window.removeFirst(), acknowledged, failedNodes, failure);
        }
        // Only rows the broker acknowledged, each after every earlier row of its node: a contiguous prefix per node.
        store.markTwinPublished(acknowledged.stream().map(r -> new TwinQueue.TwinKey(r.node(), r.seq())).toList());
        if (failure != null) {
            throw failure;
        }
        return rows.size();
    }

    private static boolean inFlight(Deque<InFlight> window, String node) {
        for (InFlight f : window) {
            if (f.row().node().equals(node)) {
                return true;
            }
        }
        return false;
    }

    /** The rows round-robin over their nodes, each node's rows still in seq order, so that nodes overlap in flight. */
    static List<PendingTwin> interleaved(List<PendingTwin> rows) {
        Map<String, Deque<PendingTwin>> byNode = new LinkedHashMap<>();
        for (PendingTwin r : rows) {
            byNode.computeIfAbsent(r.node(), k -> new ArrayDeque<>()).addLast(r);
        }
        List<PendingTwin> out = new ArrayList<>(rows.size());
        while (!byNode.isEmpty()) {
            var it = byNode.values().iterator();
            while (it.hasNext()) {
                Deque<PendingTwin> q = it.next();
                out.add(q.removeFirst());
                if (q.isEmpty()) {
                    it.remove();
                }
            }
        }
        return out;
    }

    /** Waits for the oldest publish in flight; records it as acknowledged unless an earlier row of its node failed. */
    private RuntimeException settle(InFlight f, List<PendingTwin> acknowledged, Set<String> failedNodes, RuntimeException failure) {
        try {
            f.acked().get(PUBLISH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (!failedNodes.contains(f.row().node())) {
                acknowledged.add(f.row());
                published.incrementAndGet();
                if (f.substitute()) {
                    copyFailures.incrementAndGet(); // counted once the broker acknowledged it
                }
            }
            return failure;
        } catch (ExecutionException | TimeoutException e) {
            failedNodes.add(f.row().node());
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            return failure != null ? failure
                    : c instanceof Publisher.PublishException pe ? pe : new Publisher.PublishException("twin publish: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            failedNodes.add(f.row().node());
            return failure != null ? failure : new Publisher.PublishException("interrupted");
        }
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
