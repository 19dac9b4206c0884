package org.lantaarn.gateway.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lantaarn.protocol.SeqRange;

class SeqRangesTest {
    private static SeqRange r(long first, long last) {
        return new SeqRange(first, last);
    }

    @Test
    void subtracts_taken_runs_from_the_middle_the_edges_and_across_ranges() {
        assertThat(SeqRanges.minus(List.of(r(1, 10)), List.of(r(3, 4), r(7, 7)))).containsExactly(r(1, 2), r(5, 6), r(8, 10));
        assertThat(SeqRanges.minus(List.of(r(5, 10)), List.of(r(1, 5), r(10, 20)))).containsExactly(r(6, 9));
        assertThat(SeqRanges.minus(List.of(r(1, 3), r(6, 9)), List.of(r(2, 7)))).containsExactly(r(1, 1), r(8, 9));
        assertThat(SeqRanges.minus(List.of(r(1, 3)), List.of(r(1, 3)))).isEmpty();
        assertThat(SeqRanges.minus(List.of(r(10, 1_000_009)), List.of())).containsExactly(r(10, 1_000_009));
    }

    @Test
    void agrees_with_set_arithmetic_on_random_small_ranges() {
        Random random = new Random(11);
        for (int round = 0; round < 2000; round++) {
            List<SeqRange> ranges = randomRanges(random);
            List<SeqRange> taken = randomRanges(random);
            TreeSet<Long> expected = seqs(ranges);
            expected.removeAll(seqs(taken));

            List<SeqRange> actual = SeqRanges.minus(ranges, taken);

            assertThat(seqs(actual)).isEqualTo(expected);
            assertThat(SeqRanges.count(actual)).isEqualTo(expected.size());
        }
    }

    private static List<SeqRange> randomRanges(Random random) {
        List<SeqRange> out = new ArrayList<>();
        long at = 1 + random.nextInt(3);
        while (out.size() < random.nextInt(5)) {
            long last = at + random.nextInt(4);
            out.add(new SeqRange(at, last));
            at = last + 1 + random.nextInt(4);
        }
        return out;
    }

    private static TreeSet<Long> seqs(List<SeqRange> ranges) {
        TreeSet<Long> s = new TreeSet<>();
        for (SeqRange x : ranges) {
            for (long v = x.first(); v <= x.last(); v++) {
                s.add(v);
            }
        }
        return s;
    }
}
