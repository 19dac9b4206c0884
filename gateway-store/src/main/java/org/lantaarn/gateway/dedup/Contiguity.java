package org.lantaarn.gateway.dedup;

import java.util.PrimitiveIterator;

/**
 * The receipt rule: a node's contiguous seq is the highest seq up to which the gateway holds every seq, counting
 * from the first seq it ever saw from that node. A receipt never covers a hole, so a node keeps (and resends)
 * whatever the gateway may have missed.
 */
public final class Contiguity {
    private Contiguity() {}

    /**
     * Advances {@code contiguous} over the stored seqs above it.
     *
     * @param contiguous     the current contiguous seq
     * @param ascendingAbove stored seqs greater than {@code contiguous}, ascending
     * @return the new contiguous seq: {@code contiguous} plus the length of the run of consecutive seqs that follows it
     */
    public static long advance(long contiguous, PrimitiveIterator.OfLong ascendingAbove) {
        long c = contiguous;
        while (ascendingAbove.hasNext()) {
            long next = ascendingAbove.nextLong();
            if (next == c + 1) {
                c = next;
            } else if (next > c + 1) {
                break;
            }
        }
        return c;
    }
}
