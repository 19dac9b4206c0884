package org.lantaarn.gateway.store;

import java.util.function.Supplier;

/**
 * The gateway's durable state, one interface per aggregate. Every write is durable when the method returns, so the
 * caller may acknowledge the message afterwards. All state that deduplication, receipts, the twin feed and the fleet
 * view depend on lives here, so several replicas sharing one store agree. Implementations are thread-safe, pass the
 * contract suite in {@code lantaarn-testkit} ({@code org.lantaarn.testkit.store}), and fail only with a
 * {@link StoreException}.
 */
public interface GatewayStore extends SequencedStore, FleetStore, HealthStore, RolloutStore, RejectionStore, TwinQueue,
        AuditAnchorStore, AutoCloseable {

    /**
     * Group commit: runs {@code work}, whose writes through this store (from the calling thread) become durable
     * together, in one commit, before this returns, so the caller may then acknowledge everything they came from.
     * Reads inside {@code work} see its writes. A write inside that fails with anything but a {@link StoreException}
     * (a message that trips a bug) is undone alone and its exception goes to the caller inside {@code work}, as
     * without a batch; a {@link StoreException} (the database failed) means nothing of {@code work} may be
     * acknowledged: this throws it, and a store that can has rolled all of it back.
     *
     * <p>The default runs {@code work} as it is, every write durable on its own: correct (the caller still
     * acknowledges only after this returns, and a redelivery is deduplicated), only slower.
     */
    default <T> T inOneTransaction(Supplier<T> work) {
        return work.get();
    }

    /** Whether a read and a write path both work now. */
    boolean isUsable();

    @Override
    void close();
}
