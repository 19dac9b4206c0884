package org.lantaarn.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * An inclusive range of one node's sequence numbers, {@code first..last}. A gap lists the ranges of the seqs it
 * replaces: windows that were recorded under those seqs and then dropped, so that every seq a node ever assigned
 * either arrives as a message or is named by exactly one gap.
 */
public record SeqRange(long first, long last) {
    public SeqRange {
        if (first < 1) {
            throw new IllegalArgumentException("seq range first must be at least 1: " + first);
        }
        if (last < first) {
            throw new IllegalArgumentException("seq range last must not be below first: " + first + ".." + last);
        }
    }

    /** How many seqs the range holds. */
    public long count() {
        return last - first + 1;
    }

    /**
     * The fewest ranges that hold exactly the given seqs.
     *
     * @param ascending distinct seqs, ascending
     */
    public static List<SeqRange> of(long... ascending) {
        List<SeqRange> out = new ArrayList<>();
        int i = 0;
        while (i < ascending.length) {
            long first = ascending[i];
            long last = first;
            while (i + 1 < ascending.length && ascending[i + 1] == last + 1) {
                last = ascending[++i];
            }
            if (!out.isEmpty() && first <= out.getLast().last()) {
                throw new IllegalArgumentException("seqs must be distinct and ascending: " + first + " after " + out.getLast().last());
            }
            out.add(new SeqRange(first, last));
            i++;
        }
        return List.copyOf(out);
    }

    /** Every seq in the ranges, ascending. */
    public static long[] seqs(List<SeqRange> ranges) {
        long n = ranges.stream().mapToLong(SeqRange::count).sum();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many seqs to list: " + n);
        }
        long[] out = new long[(int) n];
        int i = 0;
        for (SeqRange r : ranges) {
            for (long s = r.first; s <= r.last; s++) {
                out[i++] = s;
            }
        }
        return out;
    }
}
