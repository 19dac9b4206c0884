package org.lantaarn.node.uplink;

import org.lantaarn.protocol.ConfigAck;
import org.lantaarn.protocol.Health;

/**
 * The node's connection to its broker. It publishes the outbox in seq order from the first unconfirmed
 * row, publishes the node's status (online birth, offline on close, offline last will), and confirms
 * outbox rows when a gateway receipt arrives. Implementations are thread-safe.
 */
public interface Uplink extends AutoCloseable {
    /** Starts connecting in the background; returns at once. */
    void start();

    /** True while connected and announced. */
    boolean isConnected();

    /** New rows were appended to the outbox: publish them when the connection allows. */
    void outboxChanged();

    /**
     * Publishes a health report directly (QoS 1, not retained, not through the outbox).
     *
     * @return false when not connected, so the report was skipped
     */
    boolean publishHealth(Health health);

    /**
     * Publishes a configuration acknowledgement on the node's {@code config/ack} topic (QoS 1, not retained).
     *
     * @return false when not connected (or not supported), so the caller must try again later
     */
    default boolean publishConfigAck(ConfigAck ack) {
        return false;
    }

    /** Publishes the offline status, disconnects normally (so no last will) and stops. Idempotent. */
    @Override
    void close();
}
