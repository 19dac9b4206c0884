package org.lantaarn.node.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.OutboxLimits;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.SeqRange;

class OutboxLimitsTest {
    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");
    private static final JsonCodec CODEC = new JsonCodec();

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T);

    private static Observation draft(String stream, int minute) {
        Instant start = T.plus(Duration.ofMinutes(minute));
        return new Observation("node-1", stream, "climate", 1, start, start.plusSeconds(60),
                Map.of("temperature.mean", 20.5), Map.of("temperature.mean", "Cel"), Quality.full(), Privacy.none());
    }

    private static List<Gap> gaps(Outbox outbox) {
        List<Gap> out = new ArrayList<>();
        for (OutboxRow r : outbox.after(0, Integer.MAX_VALUE)) {
            if (CODEC.decode(r.payloadBytes()) instanceof Decoded.Accepted(Gap g)) {
                out.add(g);
            }
        }
        return out;
    }

    /** Every seq from 1 to the last one assigned is either still in the outbox or named by exactly one gap. */
    private static void assertEverySeqAccountedFor(Outbox outbox) {
        TreeSet<Long> present = new TreeSet<>();
        outbox.after(0, Integer.MAX_VALUE).forEach(r -> present.add(r.seq()));
        List<Long> replaced = new ArrayList<>();
        gaps(outbox).forEach(g -> {
            for (long s : SeqRange.seqs(g.replaces())) {
                replaced.add(s);
            }
        });
        assertThat(replaced).doesNotHaveDuplicates();
        assertThat(replaced).doesNotContainAnyElementsOf(present);
        TreeSet<Long> all = new TreeSet<>(present);
        all.addAll(replaced);
        assertThat(all).hasSize((int) outbox.lastSeq());
        assertThat(all.first()).isEqualTo(1);
        assertThat(all.last()).isEqualTo(outbox.lastSeq());
    }

    @Test
    void drops_the_oldest_windows_and_writes_a_gap_per_stream_naming_their_seqs_when_the_row_limit_is_reached() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1", new OutboxLimits(10, 1_000_000, Duration.ofDays(7)), 100)) {
            for (int i = 0; i < 10; i++) {
                outbox.append(draft(i % 2 == 0 ? "air" : "noise", i));
            }
            assertThat(outbox.depth()).isEqualTo(10);

            Observation eleventh = outbox.append(draft("air", 10));

            // at least 20 windows per stream or half the limit at a time: windows 1..5 go
            List<Gap> gaps = gaps(outbox);
            assertThat(gaps).extracting(Gap::stream).containsExactly("air", "noise");
            Gap air = gaps.getFirst();
            assertThat(air.reason()).isEqualTo(Outbox.FULL);
            assertThat(air.replaces()).containsExactly(new SeqRange(1, 1), new SeqRange(3, 3), new SeqRange(5, 5));
            assertThat(air.windows()).isEqualTo(3);
            assertThat(air.from()).isEqualTo(T);
            assertThat(air.to()).isEqualTo(T.plusSeconds(5 * 60));
            assertThat(air.seq()).isEqualTo(11);
            assertThat(gaps.get(1).replaces()).containsExactly(new SeqRange(2, 2), new SeqRange(4, 4));
            assertThat(gaps.get(1).seq()).isEqualTo(12);
            assertThat(eleventh.seq()).as("the new window comes after its gaps").isEqualTo(13);
            assertThat(outbox.depth()).isLessThanOrEqualTo(10);
            assertThat(outbox.droppedRows()).isEqualTo(5);
            assertEverySeqAccountedFor(outbox);
        }
    }

    @Test
    void keeps_every_seq_accounted_for_while_a_full_outbox_keeps_taking_windows_of_several_streams() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1", new OutboxLimits(200, 1_000_000, Duration.ofDays(7)), 100)) {
            for (int i = 0; i < 1000; i++) {
                outbox.append(draft(List.of("air", "noise", "rain").get(i % 3), i));
            }
            assertThat(outbox.depth()).isLessThanOrEqualTo(200);
            assertThat(gaps(outbox)).isNotEmpty().allSatisfy(g -> assertThat(g.reason()).isEqualTo(Outbox.FULL));
            assertEverySeqAccountedFor(outbox);
        }
        try (Outbox reopened = Outbox.open(dir, clock, "node-1", new OutboxLimits(200, 1_000_000, Duration.ofDays(7)), 100)) {
            reopened.append(draft("air", 1000));
            assertThat(reopened.depth()).as("the counters are rebuilt from the file").isLessThanOrEqualTo(200);
            assertEverySeqAccountedFor(reopened);
        }
    }

    @Test
    void drops_the_oldest_windows_when_the_byte_limit_is_reached() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1", new OutboxLimits(100_000, 80_000, Duration.ofDays(7)), 100)) {
            for (int i = 0; i < 600; i++) {
                outbox.append(draft("air", i));
            }
            long bytes = outbox.after(0, Integer.MAX_VALUE).stream().mapToLong(r -> r.payloadBytes().length).sum();
            assertThat(bytes).isLessThanOrEqualTo(80_000);
            assertThat(outbox.droppedRows()).isPositive();
            assertEverySeqAccountedFor(outbox);
        }
    }

    @Test
    void drops_windows_older_than_the_age_limit_with_an_outbox_expired_gap() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1", new OutboxLimits(100_000, 1_000_000, Duration.ofHours(1)), 100)) {
            outbox.append(draft("air", 0));
            outbox.append(draft("noise", 0));
            clock.advance(Duration.ofMinutes(30));
            outbox.append(draft("air", 30));
            clock.advance(Duration.ofMinutes(31));

            outbox.append(draft("air", 61));

            List<Gap> gaps = gaps(outbox);
            assertThat(gaps).extracting(Gap::stream, Gap::reason, Gap::replaces).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("air", Outbox.EXPIRED, List.of(new SeqRange(1, 1))),
                    org.assertj.core.groups.Tuple.tuple("noise", Outbox.EXPIRED, List.of(new SeqRange(2, 2))));
            assertEverySeqAccountedFor(outbox);
        }
    }

    @Test
    void keeps_new_windows_in_memory_with_an_alarm_while_the_disk_is_full_and_writes_them_when_space_returns() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1", OutboxLimits.defaults(), 100)) {
            outbox.append(draft("air", 0));
            long pages = outbox.pageCount();
            outbox.maxPageCount(pages); // the "disk" is full: the file may not grow by one page
            for (int i = 1; i <= 60; i++) {
                outbox.append(draft("air", i));
                clock.advance(Duration.ofSeconds(2));
            }
            assertThat(outbox.alarm()).contains("outbox-disk-full");
            assertThat(outbox.lastSeq()).isEqualTo(61);
            assertThat(outbox.depth()).as("rows in memory count as waiting").isEqualTo(61);
            long onDisk = outbox.after(0, Integer.MAX_VALUE).size();
            assertThat(onDisk).as("rows in memory are not handed to the uplink").isLessThan(61);

            outbox.maxPageCount(1_000_000); // space returns
            clock.advance(Duration.ofSeconds(2));
            outbox.append(draft("air", 61));

            assertThat(outbox.alarm()).isEmpty();
            assertThat(outbox.after(0, Integer.MAX_VALUE)).extracting(OutboxRow::seq)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 62).boxed().toList());
        }
        try (Outbox reopened = Outbox.open(dir, clock, "node-1")) {
            assertThat(reopened.lastSeq()).isEqualTo(62);
            assertThat(reopened.depth()).isEqualTo(62);
        }
    }

    @Test
    void drops_the_oldest_windows_in_memory_with_a_gap_when_the_disk_stays_full() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1", OutboxLimits.defaults(), 20)) {
            outbox.append(draft("air", 0));
            outbox.maxPageCount(outbox.pageCount());
            for (int i = 1; i <= 100; i++) {
                outbox.append(draft("air", i));
            }
            assertThat(outbox.alarm()).contains("outbox-disk-full");
            assertThat(outbox.droppedRows()).isPositive();

            outbox.maxPageCount(1_000_000);
            clock.advance(Duration.ofSeconds(2));
            outbox.append(draft("air", 101));

            assertThat(outbox.alarm()).isEmpty();
            assertThat(gaps(outbox)).isNotEmpty().allSatisfy(g -> assertThat(g.reason()).isEqualTo(Outbox.FULL));
            assertEverySeqAccountedFor(outbox);
        }
    }
}
