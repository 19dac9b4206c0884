package org.lantaarn.gateway.receipt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lantaarn.gateway.ingest.IngestListener;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.NodeOwnership;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.SequencedResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts when replicas share a store: a node's messages arrive at several replicas, but only the replica that owns
 * the node's partition publishes its receipts. It hears of its own ingest at once and reads every node's contiguous
 * seq from the store every {@link #POLL_MS} ms, so it receipts what other replicas stored, and starts from the store
 * when it takes a partition over (a shared subscription delivers no retained receipts). Owns one thread
 * ({@code lantaarn-receipt-poll}).
 */
public final class OwnedReceipts implements IngestListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedReceipts.class);
    static final long POLL_MS = 500;

    private final ReceiptSender sender;
    private final GatewayStore store;
    private final NodeOwnership owned;
    private final Map<String, Long> forwarded = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public OwnedReceipts(ReceiptSender sender, GatewayStore store, NodeOwnership owned) {
        this.sender = sender;
        this.store = store;
        this.owned = owned;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lantaarn-receipt-poll");
            t.setDaemon(true);
            return t;
        });
    }

    public OwnedReceipts start() {
        timer.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void sequencedStored(String node, SequencedResult result) {
        if (owned.owns(node)) {
            forward(node, result.contiguousSeq(), true);
        }
    }

    private void forward(String node, long contiguous, boolean evenIfSame) {
        Long before = forwarded.get(node);
        if (contiguous > 0 && (before == null || contiguous > before || evenIfSame)) {
            forwarded.merge(node, contiguous, Math::max);
            sender.sequencedStored(node, new SequencedResult(true, contiguous));
        }
    }

    private void poll() {
        try {
            for (NodeRecord n : store.nodes()) {
                if (n.contiguousSeq() != null && owned.owns(n.node())) {
                    forward(n.node(), n.contiguousSeq(), false);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("receipt poll: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
