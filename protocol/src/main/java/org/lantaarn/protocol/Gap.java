package org.lantaarn.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * Windows of a stream that were dropped, loudly ({@code lantaarn.gap/1}): which stream, the span
 * {@code [from, to)} they covered, how many windows, and why ({@code outbox-full}, {@code outbox-expired},
 * {@code sensor-absent}, ...). A gap takes a {@code seq} of its own, so it travels, is receipted and is
 * deduplicated exactly like an observation.
 */
public record Gap(String node, String stream, long seq, Instant from, Instant to, long windows, String reason)
        implements Message {
    public Gap {
        Ids.require("node", node);
        Ids.require("stream", stream);
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1: " + seq);
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("gap to must not be before from: " + from + " .. " + to);
        }
        if (windows < 1) {
            throw new IllegalArgumentException("gap windows must be at least 1: " + windows);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("gap reason must be given");
        }
    }

    @Override
    public String schema() {
        return SchemaIds.GAP;
    }

    public Gap withSeq(long newSeq) {
        return new Gap(node, stream, newSeq, from, to, windows, reason);
    }
}
