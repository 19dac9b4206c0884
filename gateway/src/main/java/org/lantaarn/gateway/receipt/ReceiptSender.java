package org.lantaarn.gateway.receipt;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.lantaarn.gateway.ingest.IngestListener;
import org.lantaarn.gateway.ingest.Publisher;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Receipt;
import org.lantaarn.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@code lantaarn.receipt/1} retained at QoS 1 on {@code {prefix}/nodes/{node}/receipt} with the node's
 * contiguous seq, after the store has it. Coalesced: at most one receipt per node per interval (200 ms by default),
 * always with the latest value. Duplicates are receipted too, since a node that resends has likely missed the
 * receipt. A receipt that cannot be published stays pending and goes with the next tick. Runs on its own thread
 * ({@code lantaarn-receipts}, one {@link #tick()} every 50 ms); {@link #sequencedStored} only records the value. The
 * interval is measured on the {@code nanoTime} ticker it is given, so tests drive it with a fake one.
 */
public final class ReceiptSender implements IngestListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptSender.class);
    private static final long TICK_MS = 50;

    private final Publisher publisher;
    private final JsonCodec codec;
    private final Topics topics;
    private final Clock clock;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSentNanos = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final ScheduledExecutorService executor;

    public ReceiptSender(Publisher publisher, JsonCodec codec, Clock clock, Duration interval) {
        this(publisher, codec, clock, interval, System::nanoTime);
    }

    /** With the monotonic ticker (nanoseconds) the interval is measured on. */
    ReceiptSender(Publisher publisher, JsonCodec codec, Clock clock, Duration interval, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.publisher = publisher;
        this.codec = codec;
        this.topics = codec.topics();
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lantaarn-receipts");
            t.setDaemon(true);
            return t;
        });
    }

    public ReceiptSender(Publisher publisher, JsonCodec codec, Clock clock) {
        this(publisher, codec, clock, Duration.ofMillis(200));
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void sequencedStored(String node, SequencedResult result) {
        if (result.contiguousSeq() > 0) {
            pending.merge(node, result.contiguousSeq(), Math::max);
        }
    }

    /** Receipts published since start. */
    public long sent() {
        return sent.get();
    }

    /** One pass: publishes each node's pending receipt whose interval since the last one has passed. */
    void tick() {
        try {
            long now = nanoTime.getAsLong();
            for (Map.Entry<String, Long> e : Map.copyOf(pending).entrySet()) {
                String node = e.getKey();
                Long last = lastSentNanos.get(node);
                if (last != null && now - last < intervalNanos) {
                    continue;
                }
                long seq = e.getValue();
                if (!pending.remove(node, seq)) {
                    continue; // a newer value arrived; the next tick sends it
                }
                try {
                    publisher.publish(topics.receipt(node), codec.encode(new Receipt(node, seq, clock.instant())), 1, true);
                    lastSentNanos.put(node, nanoTime.getAsLong());
                    sent.incrementAndGet();
                } catch (Publisher.PublishException ex) {
                    pending.merge(node, seq, Math::max);
                    LOG.debug("receipt for {} up to {} not sent yet: {}", node, seq, ex.getMessage());
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("receipt sender: {}", e.toString());
        }
    }

    /** Sends what is pending once more (best effort), then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (executor.awaitTermination(5, TimeUnit.SECONDS)) {
                for (Map.Entry<String, Long> e : Map.copyOf(pending).entrySet()) {
                    try {
                        publisher.publish(topics.receipt(e.getKey()), codec.encode(new Receipt(e.getKey(), e.getValue(), clock.instant())), 1, true);
                    } catch (Publisher.PublishException ex) {
                        break;
                    }
                }
            } else {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
