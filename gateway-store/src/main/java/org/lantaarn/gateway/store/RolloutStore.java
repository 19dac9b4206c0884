package org.lantaarn.gateway.store;

import java.time.Instant;
import java.util.Optional;
import org.lantaarn.protocol.ConfigAck;

/** Configuration rollout: what an operator pushed to a node and what the node acknowledged. */
public interface RolloutStore {

    /** Stores a configuration acknowledgement. */
    void storeConfigAck(ConfigAck ack, Instant receivedAt);

    /** Records the configuration an operator pushed to a node (replaces the previous one). */
    void storeDesiredConfig(DesiredConfig desired);

    /** The configuration last pushed to a node, if any. */
    Optional<DesiredConfig> desiredConfig(String node);

    /** The node's newest configuration acknowledgement, if any. */
    Optional<ConfigAck> lastConfigAck(String node);
}
