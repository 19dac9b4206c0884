package org.lantaarn.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node's periodic health report ({@code lantaarn.health/1}): uptime, outbox depth and the age of its
 * oldest unconfirmed row, per-stream state and fault count, and active alarms. It carries nothing that varies with
 * what the sensors saw (no sample counts, no sample times, no heap size, which grows with a window's device table).
 */
public record Health(
        String node,
        Instant at,
        long uptimeSeconds,
        long outboxDepth,
        Long oldestUnconfirmedAgeSeconds,
        Map<String, StreamHealth> streams,
        List<String> alarms) implements Message {
    public Health {
        Ids.require("node", node);
        Objects.requireNonNull(at, "at");
        if (uptimeSeconds < 0 || outboxDepth < 0
                || (oldestUnconfirmedAgeSeconds != null && oldestUnconfirmedAgeSeconds < 0)) {
            throw new IllegalArgumentException("health counters must not be negative");
        }
        streams = Map.copyOf(Objects.requireNonNull(streams, "streams"));
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }

    @Override
    public String schema() {
        return SchemaIds.HEALTH;
    }
}
