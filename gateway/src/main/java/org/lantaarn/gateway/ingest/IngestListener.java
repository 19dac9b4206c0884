package org.lantaarn.gateway.ingest;

import org.lantaarn.protocol.Observation;
import org.lantaarn.gateway.store.NodeRecord;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.protocol.Status;

/**
 * Told by {@link Ingest} after a message is durably stored, on the thread that delivered it. Implementations hand
 * the work to a thread of their own and return at once: they must never publish and wait here.
 */
public interface IngestListener {

    /** An observation or gap was stored (or was a duplicate); {@code result} carries the node's contiguous seq. */
    default void sequencedStored(String node, SequencedResult result) {}

    /** An observation was stored (or was a duplicate: {@code result.isNew()} is false), told after {@link #sequencedStored}. */
    default void observationStored(Observation observation, SequencedResult result) {}

    /** A status was stored; {@code node} is the node as the store now knows it. */
    default void statusStored(Status status, NodeRecord node) {}
}
