package org.lantaarn.gateway.dedup;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.lantaarn.gateway.store.GatewayStore;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Message;
import org.lantaarn.protocol.Observation;

/**
 * Stores observations and gaps once per {@code (node, seq)}. The check and the insert are one store transaction, so
 * replicas sharing a store deduplicate against each other. Thread-safe.
 */
public final class Deduplicator {
    private final GatewayStore store;
    private final JsonCodec codec;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    public Deduplicator(GatewayStore store, JsonCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** Stores {@code m} (an observation or a gap) unless it is a duplicate; durable when this returns. */
    public SequencedResult accept(Message m, Instant receivedAt) {
        SequencedEntry entry = switch (m) {
            case Observation o -> SequencedEntry.of(o, codec, receivedAt);
            case Gap g -> SequencedEntry.of(g, codec, receivedAt);
            default -> throw new IllegalArgumentException("only observations and gaps carry a seq: " + m.schema());
        };
        SequencedResult r = store.storeSequenced(entry);
        (r.isNew() ? stored : duplicates).incrementAndGet();
        return r;
    }

    /** New observations and gaps stored by this gateway since start. */
    public long stored() {
        return stored.get();
    }

    /** Duplicates dropped by this gateway since start. */
    public long duplicates() {
        return duplicates.get();
    }
}
