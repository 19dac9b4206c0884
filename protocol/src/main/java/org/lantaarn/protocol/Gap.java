package org.lantaarn.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Windows of a stream that were dropped, loudly ({@code lantaarn.gap/1}): which stream, the span
 * {@code [from, to)} they covered, how many windows, and why ({@code outbox-full}, {@code outbox-expired},
 * {@code sensor-absent}, ...). A gap takes a {@code seq} of its own, so it travels, is receipted and is
 * deduplicated exactly like an observation.
 *
 * <p>When the dropped windows had been recorded under seqs of their own (the outbox dropped them), {@code replaces}
 * lists those seqs as ranges: ascending, disjoint, all below the gap's own seq. A gap for windows that never got a
 * seq (a stalled node, a clock step, an absent sensor) replaces nothing.
 */
public record Gap(String node, String stream, long seq, Instant from, Instant to, long windows, String reason,
                  List<SeqRange> replaces) implements Message {
    public Gap {
        Ids.require("node", node);
        Ids.requireStream("stream", stream);
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
        replaces = replaces == null ? List.of() : List.copyOf(replaces);
        long previous = 0;
        for (SeqRange r : replaces) {
            if (r.first() <= previous) {
                throw new IllegalArgumentException("gap replaces must be ascending and disjoint: " + r.first() + " after " + previous);
            }
            previous = r.last();
        }
        if (previous >= seq) {
            throw new IllegalArgumentException("gap replaces must lie below the gap's own seq " + seq + ": " + previous);
        }
        long replaced = 0;
        for (SeqRange r : replaces) {
            replaced += r.count();
        }
        if (replaced > MAX_REPLACED) {
            throw new IllegalArgumentException("gap replaces at most " + MAX_REPLACED + " seqs: " + replaced);
        }
    }

    /**
     * The most seqs one gap may account for. A node's outbox drops a small share of its row limit at a time,
     * far below this; the bound keeps a receiver from materialising an absurd range from a few bytes.
     */
    public static final long MAX_REPLACED = 1_000_000;

    /** A gap that replaces no recorded seqs. */
    public Gap(String node, String stream, long seq, Instant from, Instant to, long windows, String reason) {
        this(node, stream, seq, from, to, windows, reason, List.of());
    }

    @Override
    public String schema() {
        return SchemaIds.GAP;
    }

    public Gap withSeq(long newSeq) {
        return new Gap(node, stream, newSeq, from, to, windows, reason, replaces);
    }

    /** The same gap replacing other seqs (the gateway narrows a twin copy to the seqs it never received). */
    public Gap withReplaces(List<SeqRange> newReplaces) {
        return new Gap(node, stream, seq, from, to, windows, reason, newReplaces);
    }

    /** How many recorded seqs this gap replaces. */
    public long replacedCount() {
        return replaces.stream().mapToLong(SeqRange::count).sum();
    }
}
