package org.lantaarn.gateway.dedup;

import java.util.ArrayList;
import java.util.List;
import org.lantaarn.protocol.SeqRange;

/**
 * Arithmetic on sorted, disjoint lists of seq ranges, so that a gap replacing a million seqs costs as much as one
 * replacing ten: the store keeps what a gap accounts for as ranges and never expands them into single seqs.
 */
public final class SeqRanges {
    private SeqRanges() {}

    /**
     * The seqs of {@code ranges} that lie in none of {@code taken}.
     *
     * @param ranges ascending, disjoint
     * @param taken  ascending, disjoint
     * @return ascending, disjoint ranges; at most {@code ranges.size() + taken.size()} of them
     */
    public static List<SeqRange> minus(List<SeqRange> ranges, List<SeqRange> taken) {
        List<SeqRange> out = new ArrayList<>();
        int t = 0;
        for (SeqRange r : ranges) {
            long from = r.first();
            while (t < taken.size() && taken.get(t).last() < from) {
                t++;
            }
            int u = t;
            while (from <= r.last() && u < taken.size() && taken.get(u).first() <= r.last()) {
                SeqRange k = taken.get(u);
                if (k.first() > from) {
                    out.add(new SeqRange(from, k.first() - 1));
                }
                from = Math.max(from, k.last() + 1);
                if (k.last() <= r.last()) {
                    u++;
                } else {
                    break;
                }
            }
            if (from <= r.last()) {
                out.add(new SeqRange(from, r.last()));
            }
            t = u;
        }
        return List.copyOf(out);
    }

    /** How many seqs the ranges hold. */
    public static long count(List<SeqRange> ranges) {
        long n = 0;
        for (SeqRange r : ranges) {
            n += r.count();
        }
        return n;
    }
}
