package org.lantaarn.gateway.store;

/**
 * Which nodes this gateway publishes receipts and twin messages for. A single gateway owns every node; replicas
 * sharing one store split the nodes into partitions ({@link #partitionOf}) and each partition is owned by exactly
 * one replica at a time (a lease the store keeps).
 */
public interface NodeOwnership {

    /** Whether this gateway publishes for {@code node} now. */
    boolean owns(String node);

    /** Whether this gateway owns every node (no filtering needed). */
    default boolean ownsAll() {
        return false;
    }

    /** Every node: a single gateway. */
    static NodeOwnership all() {
        return new NodeOwnership() {
            @Override
            public boolean owns(String node) {
                return true;
            }

            @Override
            public boolean ownsAll() {
                return true;
            }
        };
    }

    /** The partition of {@code node} among {@code partitions}: the same in every JVM (String.hashCode is specified). */
    static int partitionOf(String node, int partitions) {
        return Math.floorMod(node.hashCode(), partitions);
    }
}
