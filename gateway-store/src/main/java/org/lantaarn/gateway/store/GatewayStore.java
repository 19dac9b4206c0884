package org.lantaarn.gateway.store;

/**
 * The gateway's durable state, one interface per aggregate. Every write is durable when the method returns, so the
 * caller may acknowledge the message afterwards. All state that deduplication, receipts, the twin feed and the fleet
 * view depend on lives here, so several replicas sharing one store agree. Implementations are thread-safe, pass the
 * contract suite in {@code lantaarn-testkit} ({@code org.lantaarn.testkit.store}), and fail only with a
 * {@link StoreException}.
 */
public interface GatewayStore extends SequencedStore, FleetStore, HealthStore, RolloutStore, RejectionStore, TwinQueue,
        AuditAnchorStore, AutoCloseable {

    /** Whether a read and a write path both work now. */
    boolean isUsable();

    @Override
    void close();
}
