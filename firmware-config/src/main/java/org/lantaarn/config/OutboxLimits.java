package org.lantaarn.config;

import java.time.Duration;

/**
 * Limits on the node's outbox. The defaults hold a week of a normal node (6 streams, 60 s windows:
 * about 60,000 rows of well under 1 KiB).
 */
public record OutboxLimits(long maxRows, long maxBytes, Duration maxAge) {
    public static OutboxLimits defaults() {
        return new OutboxLimits(100_000, 64L * 1024 * 1024, Duration.ofDays(7));
    }
}
