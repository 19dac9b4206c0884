package org.lantaarn.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.Status;

/**
 * The gateway's durable state. Every write is durable when the method returns, so the caller may acknowledge the
 * message afterwards. All state that deduplication, receipts, the twin feed and the fleet view depend on lives here,
 * so several replicas sharing one store agree. Implementations are thread-safe; every failure is a
 * {@link StoreException}.
 */
public interface GatewayStore extends AutoCloseable {

    /**
     * Stores an observation or gap unless {@code (node, seq)} is already stored, and advances the node's contiguous
     * seq, in one transaction. A duplicate only increments the node's duplicate count.
     */
    SequencedResult storeSequenced(SequencedEntry entry);

    /**
     * A retained receipt for a node the store knows nothing about (a gateway whose store starts empty in front of
     * running nodes): everything up to {@code seq} was stored by an earlier store, so counting starts after it.
     * Does nothing once the node has a seq on record.
     *
     * @return true when the receipt was used
     */
    boolean seedReceipt(String node, long seq);

    /** Stores a status: a birth updates state, site, location, configuration and streams; a death only the state. */
    NodeRecord storeStatus(Status status, Instant receivedAt);

    /** Stores a health report as the node's latest and in its history. */
    void storeHealth(Health health, Instant receivedAt);

    /** Stores a configuration acknowledgement. */
    void storeConfigAck(ConfigAck ack, Instant receivedAt);

    /** Records the configuration an operator pushed to a node (replaces the previous one). */
    void storeDesiredConfig(DesiredConfig desired);

    /** The configuration last pushed to a node, if any. */
    Optional<DesiredConfig> desiredConfig(String node);

    /** The node's newest configuration acknowledgement, if any. */
    Optional<ConfigAck> lastConfigAck(String node);

    /** Stores a rejection. */
    void storeRejection(RejectionRecord rejection);

    /** Every node, ordered by id. */
    List<NodeRecord> nodes();

    Optional<NodeRecord> node(String node);

    /** Wire JSON of a stream's observations whose window starts in {@code [from, to)}, in seq order, at most {@code limit}. */
    List<String> observations(String node, String stream, Instant from, Instant to, int limit);

    /** The latest health reports of a node, newest first. */
    List<Health> healthHistory(String node, int limit);

    /** Counts per reason and the {@code recent} newest rejections. */
    RejectionSummary rejections(int recent);

    /**
     * Up to {@code limit} rows not yet published to the twin, ordered by node then seq, only of nodes whose site is
     * known and only up to the node's contiguous seq (rows older than its first seq are also released).
     */
    List<PendingTwin> pendingTwin(int limit);

    /** Marks a row as published to the twin, after the broker acknowledged it. */
    void markTwinPublished(String node, long seq);

    /** Records the audit log's anchor (replaces the previous one); durable when this returns. */
    void storeAuditAnchor(AuditAnchor anchor);

    /** The audit log's anchor, if the log was ever written. */
    Optional<AuditAnchor> auditAnchor();

    /** Whether a read and a write path both work now. */
    boolean isUsable();

    @Override
    void close();
}
