package org.lantaarn.node.outbox;

import java.time.Instant;

/**
 * A snapshot of the outbox: rows waiting for a receipt, the last seq assigned (0 before the first), and
 * when the oldest waiting row was stored ({@code null} when none waits).
 */
public record OutboxStats(long depth, long lastSeq, Instant oldestUnconfirmedCreatedAt) {
    public OutboxStats {
        if (depth < 0 || lastSeq < 0) {
            throw new IllegalArgumentException("outbox stats must not be negative: depth " + depth + ", lastSeq " + lastSeq);
        }
    }
}
