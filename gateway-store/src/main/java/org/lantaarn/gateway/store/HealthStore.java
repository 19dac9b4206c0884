package org.lantaarn.gateway.store;

import java.time.Instant;
import java.util.List;
import org.lantaarn.protocol.Health;

/** Health reports: the latest per node (in its {@link NodeRecord}) and a bounded history. */
public interface HealthStore {

    /** Stores a health report as the node's latest and in its history. */
    void storeHealth(Health health, Instant receivedAt);

    /** The latest health reports of a node, newest first. */
    List<Health> healthHistory(String node, int limit);

    /**
     * Deletes history older than {@code before} and, per node, all but the {@code keepPerNode} newest reports. The
     * latest report of a node stays in its record.
     *
     * @return how many reports were deleted
     */
    long pruneHealth(Instant before, int keepPerNode);
}
