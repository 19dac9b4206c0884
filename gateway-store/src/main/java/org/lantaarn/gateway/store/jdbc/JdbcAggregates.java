package org.lantaarn.gateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lantaarn.gateway.store.AuditAnchor;
import org.lantaarn.gateway.store.AuditAnchorStore;
import org.lantaarn.gateway.store.DesiredConfig;
import org.lantaarn.gateway.store.FleetStore;
import org.lantaarn.gateway.store.HealthStore;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.RejectionStore;
import org.lantaarn.gateway.store.RejectionSummary;
import org.lantaarn.gateway.store.RolloutStore;
import org.lantaarn.gateway.store.StoreException;
import org.lantaarn.gateway.store.TwinQueue;
import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Health;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Status;

/**
 * The aggregates a JDBC store keeps the same way on every database — fleet, health, rollout, rejections, the audit
 * anchor, the twin queue's marks and reading observations back — on the connections and transactions its store lends
 * ({@link #write}, {@link #read}); a store adds sequencing, the twin queue's pending query and pruning observations,
 * where the databases differ.
 * Thread-safe when the store's {@code write} and {@code read} are.
 */
public abstract class JdbcAggregates implements FleetStore, HealthStore, RolloutStore, RejectionStore, AuditAnchorStore,
        TwinQueue {
    /** Work on a connection inside a transaction or read the store opened. */
    @FunctionalInterface
    protected interface OnConnection<T> {
        T run(Connection c) throws SQLException;
    }

    /** The codec that encodes the stored JSON. */
    protected final JsonCodec codec;
    private final JdbcFleetRows fleet;
    private final JdbcHealthRows health;
    private final JdbcRolloutRows rollout;
    private final JdbcTwinMarks twinMarks;

    protected JdbcAggregates(JsonCodec codec, JdbcDialect dialect) {
        this.codec = codec;
        this.fleet = new JdbcFleetRows(codec, dialect);
        this.health = new JdbcHealthRows(codec, dialect);
        this.rollout = new JdbcRolloutRows(dialect);
        this.twinMarks = new JdbcTwinMarks(dialect);
    }

    /** Runs {@code work} in a transaction of its own that is durable when this returns; fails with a {@link StoreException}. */
    protected abstract <T> T write(OnConnection<T> work);

    /** Runs {@code work} on a connection for reading; fails with a {@link StoreException}. */
    protected abstract <T> T read(OnConnection<T> work);

    /** Inside a write: creates the node's row if missing and raises its last-seen time to {@code seen}. */
    protected abstract void ensureNode(Connection c, String node, Instant seen) throws SQLException;

    @Override
    public NodeRecord storeStatus(Status s, Instant receivedAt) {
        write(c -> {
            ensureNode(c, s.node(), receivedAt);
            fleet.storeStatus(c, s);
            return null;
        });
        return node(s.node()).orElseThrow(() -> new StoreException("node " + s.node() + " vanished after its status was stored"));
    }

    @Override
    public List<NodeRecord> nodes() {
        return read(c -> fleet.nodes(c, null));
    }

    @Override
    public Optional<NodeRecord> node(String node) {
        return read(c -> fleet.nodes(c, node).stream().findFirst());
    }

    @Override
    public void storeHealth(Health h, Instant receivedAt) {
        String json = codec.encodeToString(h);
        write(c -> {
            ensureNode(c, h.node(), receivedAt);
            health.insert(c, h, json, receivedAt);
            return null;
        });
    }

    @Override
    public List<Health> healthHistory(String node, int limit) {
        return read(c -> health.history(c, node, limit));
    }

    @Override
    public long pruneHealth(Instant before, int keepPerNode) {
        return write(c -> health.prune(c, before, keepPerNode));
    }

    @Override
    public void storeConfigAck(ConfigAck a, Instant receivedAt) {
        write(c -> {
            ensureNode(c, a.node(), receivedAt);
            rollout.insertAck(c, a, receivedAt);
            return null;
        });
    }

    @Override
    public void storeDesiredConfig(DesiredConfig d) {
        write(c -> {
            rollout.upsertDesired(c, d);
            return null;
        });
    }

    @Override
    public Optional<DesiredConfig> desiredConfig(String node) {
        return read(c -> rollout.desired(c, node));
    }

    @Override
    public Optional<ConfigAck> lastConfigAck(String node) {
        return read(c -> rollout.lastAck(c, node));
    }

    @Override
    public void storeRejection(RejectionRecord r) {
        write(c -> {
            JdbcRejectionRows.insert(c, r);
            return null;
        });
    }

    @Override
    public RejectionSummary rejections(int recent) {
        return read(c -> JdbcRejectionRows.summary(c, recent));
    }

    @Override
    public long pruneRejections(Instant before, int keep) {
        return write(c -> JdbcRejectionRows.prune(c, before, keep));
    }

    @Override
    public void storeAuditAnchor(AuditAnchor a) {
        write(c -> {
            JdbcAuditAnchorRows.upsert(c, a);
            return null;
        });
    }

    @Override
    public Optional<AuditAnchor> auditAnchor() {
        return read(JdbcAuditAnchorRows::read);
    }

    @Override
    public void markTwinPublished(String node, long seq) {
        markTwinPublished(List.of(new TwinKey(node, seq)), Instant.now());
    }

    @Override
    public void markTwinPublished(List<TwinKey> keys, Instant at) {
        if (keys.isEmpty()) {
            return;
        }
        write(c -> {
            twinMarks.mark(c, keys, at);
            return null;
        });
    }

    @Override
    public long unmarkTwinPublishedSince(Instant since) {
        return write(c -> twinMarks.unmarkSince(c, since));
    }

    /** Wire JSON of a stream's observations whose window starts in {@code [from, to)}, in seq order, at most {@code limit}. */
    public List<String> observations(String node, String stream, Instant from, Instant to, int limit) {
        return read(c -> JdbcObservationReads.observations(c, node, stream, from, to, limit));
    }
}
