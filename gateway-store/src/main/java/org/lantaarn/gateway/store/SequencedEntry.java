package org.lantaarn.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.Ids;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.SeqRange;

/**
 * One observation or gap as stored: its key {@code (node, seq)}, stream, the window or span it covers, its wire JSON
 * and when the gateway received it; for a gap, the seqs of dropped windows it replaces (they count as present for
 * the receipt and are never published to the twin on their own).
 */
public record SequencedEntry(String node, long seq, Kind kind, String stream, Instant start, Instant end,
                             String payloadJson, Instant receivedAt, List<SeqRange> replaces) {

    /** What a sequenced row holds. */
    public enum Kind { OBSERVATION, GAP }

    public SequencedEntry {
        Ids.require("node", node);
        Ids.require("stream", stream);
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1: " + seq);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(receivedAt, "receivedAt");
        replaces = replaces == null ? List.of() : List.copyOf(replaces);
    }

    /** An entry that replaces no other seqs. */
    public SequencedEntry(String node, long seq, Kind kind, String stream, Instant start, Instant end,
                          String payloadJson, Instant receivedAt) {
        this(node, seq, kind, stream, start, end, payloadJson, receivedAt, List.of());
    }

    public static SequencedEntry of(Observation o, JsonCodec codec, Instant receivedAt) {
        return new SequencedEntry(o.node(), o.seq(), Kind.OBSERVATION, o.stream(), o.start(), o.end(),
                codec.encodeToString(o), receivedAt);
    }

    public static SequencedEntry of(Gap g, JsonCodec codec, Instant receivedAt) {
        return new SequencedEntry(g.node(), g.seq(), Kind.GAP, g.stream(), g.from(), g.to(), codec.encodeToString(g), receivedAt,
                g.replaces());
    }
}
