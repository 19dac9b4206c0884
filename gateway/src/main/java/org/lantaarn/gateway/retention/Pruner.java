package org.lantaarn.gateway.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lantaarn.gateway.StoreSettings;
import org.lantaarn.gateway.store.GatewayStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's tables within the configured bounds: every {@code pruneEvery}, health history older than
 * {@code healthRetention} or beyond {@code healthPerNode} per node, rejections older than {@code rejectionRetention}
 * or beyond {@code rejectionsKept}, and (when {@code observationRetention} is not zero) observations and gaps
 * received longer ago that the twin has and receipts cover; it also lets the store prepare the coming days' storage
 * ({@link GatewayStore#prepareAhead}). Owns one thread ({@code lantaarn-pruner}); a failed round
 * is logged and tried again at the next.
 */
public final class Pruner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private final GatewayStore store;
    private final StoreSettings limits;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    public Pruner(GatewayStore store, StoreSettings limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lantaarn-pruner");
            t.setDaemon(true);
            return t;
        });
    }

    /** Prunes now and then every {@code pruneEvery}. */
    public Pruner start() {
        long every = limits.pruneEvery().toMillis();
        timer.scheduleWithFixedDelay(this::roundLogged, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private void roundLogged() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("pruning the store failed, trying again in {}: {}", limits.pruneEvery(), e.toString());
        }
    }

    /** One pruning round; returns how many rows were deleted. */
    public long round() {
        Instant now = clock.instant();
        store.prepareAhead(now);
        long health = store.pruneHealth(now.minus(limits.healthRetention()), limits.healthPerNode());
        long rejections = store.pruneRejections(now.minus(limits.rejectionRetention()), limits.rejectionsKept());
        long sequenced = limits.observationRetention().isZero() ? 0
                : store.pruneSequenced(now.minus(limits.observationRetention()));
        long total = health + rejections + sequenced;
        if (total > 0) {
            LOG.info("pruned the store: {} health reports, {} rejections, {} observations and gaps", health, rejections,
                    sequenced);
        }
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
