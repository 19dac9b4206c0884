package org.lantaarn.gateway.store;

import java.util.List;
import java.util.Map;

/** Rejections counted per reason code since the store was created, and the most recent ones, newest first. */
public record RejectionSummary(Map<String, Long> counts, List<RejectionRecord> recent) {
    public RejectionSummary {
        counts = Map.copyOf(counts);
        recent = List.copyOf(recent);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
