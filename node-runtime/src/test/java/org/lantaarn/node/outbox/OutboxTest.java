package org.lantaarn.node.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.protocol.Decoded;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;

class OutboxTest {
    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T);

    private static Observation draft(String stream, int minute) {
        Instant start = T.plus(Duration.ofMinutes(minute));
        return new Observation("node-1", stream, "climate", 1, start, start.plusSeconds(60),
                Map.of("temperature.mean", 20.5), Map.of("temperature.mean", "Cel"), Quality.full(), Privacy.none());
    }

    @Test
    void assigns_seq_from_one_upwards_at_append() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1")) {
            assertThat(outbox.append(draft("air", 0)).seq()).isEqualTo(1);
            assertThat(outbox.append(draft("air", 1)).seq()).isEqualTo(2);
            assertThat(outbox.append(new Gap("node-1", "air", 1, T, T.plusSeconds(60), 1, "sensor-absent")).seq()).isEqualTo(3);
            assertThat(outbox.lastSeq()).isEqualTo(3);
            assertThat(outbox.depth()).isEqualTo(3);
        }
    }

    @Test
    void a_receipt_beyond_this_outbox_moves_waiting_rows_and_next_seqs_above_it() {
        JsonCodec codec = new JsonCodec();
        try (Outbox outbox = Outbox.open(dir, clock, "node-1")) {
            outbox.append(draft("air", 0));
            outbox.append(draft("air", 1));
            outbox.append(new Gap("node-1", "air", 3, T, T.plusSeconds(60), 1, "outbox-full",
                    List.of(new org.lantaarn.protocol.SeqRange(1, 1))));

            assertThat(outbox.rebaseAbove(1000)).isEqualTo(3);

            List<OutboxRow> rows = outbox.after(0, 10);
            assertThat(rows).extracting(OutboxRow::seq).containsExactly(1001L, 1002L, 1003L);
            for (OutboxRow row : rows) {
                Decoded d = codec.decode(row.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                long inPayload = switch (d) {
                    case Decoded.Accepted(Observation o) -> o.seq();
                    case Decoded.Accepted(Gap g) -> {
                        assertThat(g.replaces()).containsExactly(new org.lantaarn.protocol.SeqRange(1001, 1001));
                        yield g.seq();
                    }
                    default -> throw new AssertionError(d.toString());
                };
                assertThat(inPayload).isEqualTo(row.seq());
            }
            assertThat(outbox.confirmUpTo(1000)).as("the receipt covers none of the moved rows").isZero();
            assertThat(outbox.append(draft("air", 2)).seq()).isEqualTo(1004);
            assertThat(outbox.rebaseAbove(900)).as("a receipt below the last seq changes nothing").isZero();
        }
        try (Outbox reopened = Outbox.open(dir, clock, "node-1")) {
            assertThat(reopened.append(draft("air", 3)).seq()).isEqualTo(1005);
        }
    }

    @Test
    void seq_continues_after_restart_even_when_every_row_was_confirmed() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1")) {
            outbox.append(draft("air", 0));
            outbox.append(draft("air", 1));
            assertThat(outbox.confirmUpTo(2)).isEqualTo(2);
            assertThat(outbox.depth()).isZero();
        }
        try (Outbox reopened = Outbox.open(dir, clock, "node-1")) {
            assertThat(reopened.lastSeq()).isEqualTo(2);
            assertThat(reopened.append(draft("air", 2)).seq()).isEqualTo(3);
        }
    }

    @Test
    void rows_survive_a_reopen_with_their_exact_payload() {
        String payload;
        try (Outbox outbox = Outbox.open(dir, clock, "node-1")) {
            payload = new JsonCodec().encodeToString(outbox.append(draft("air", 0)));
        }
        try (Outbox reopened = Outbox.open(dir, clock, "node-1")) {
            List<OutboxRow> rows = reopened.after(0, 10);
            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r.seq()).isEqualTo(1);
                assertThat(r.payload()).isEqualTo(payload);
                assertThat(r.stream()).isEqualTo("air");
                assertThat(r.schema()).isEqualTo("lantaarn.obs/1");
                assertThat(r.createdAt()).isEqualTo(T);
            });
            assertThat(new JsonCodec().decode(rows.getFirst().payloadBytes())).isInstanceOf(Decoded.Accepted.class);
        }
    }

    @Test
    void confirm_up_to_deletes_only_rows_at_or_below_the_receipt() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1")) {
            for (int i = 0; i < 5; i++) {
                outbox.append(draft("air", i));
            }
            assertThat(outbox.confirmUpTo(3)).isEqualTo(3);
            assertThat(outbox.after(0, 10)).extracting(OutboxRow::seq).containsExactly(4L, 5L);
            assertThat(outbox.confirmUpTo(3)).isZero();
        }
    }

    @Test
    void after_a_cursor_returns_rows_in_seq_order_up_to_the_limit() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1")) {
            List<CompletableFuture<Observation>> appends = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                appends.add(outbox.appendAsync(draft(i % 2 == 0 ? "air" : "noise", i)::withSeq));
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
            assertThat(outbox.after(0, 10)).extracting(OutboxRow::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(outbox.after(20, 10)).extracting(OutboxRow::seq).containsExactly(21L, 22L, 23L, 24L, 25L);
            assertThat(outbox.after(25, 10)).isEmpty();
        }
    }

    @Test
    void knows_when_the_oldest_unconfirmed_row_was_stored_and_when_it_was_published() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1")) {
            assertThat(outbox.oldestUnconfirmedCreatedAt()).isEmpty();
            outbox.append(draft("air", 0));
            clock.advance(Duration.ofSeconds(30));
            outbox.append(draft("air", 1));
            outbox.markPublished(1);
            assertThat(outbox.oldestUnconfirmedCreatedAt()).contains(T);
            assertThat(outbox.after(0, 10)).extracting(OutboxRow::publishedAt).containsExactly(T.plusSeconds(30), null);
            outbox.confirmUpTo(1);
            assertThat(outbox.stats()).isEqualTo(new OutboxStats(1, 2, T.plusSeconds(30)));
        }
    }

    @Test
    void is_a_real_sqlite_file_in_wal_mode() throws Exception {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1")) {
            outbox.append(draft("air", 0));
            assertThat(outbox.file()).isEqualTo(dir.resolve("outbox.db")).exists();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + outbox.file());
                 Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("wal");
                }
                try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'last_seq'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void refuses_a_message_built_with_another_seq() {
        try (Outbox outbox = Outbox.open(dir, clock, "node-1")) {
            assertThatThrownBy(() -> outbox.append(seq -> draft("air", 0).withSeq(seq + 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instead of 1");
            assertThat(outbox.append(draft("air", 0)).seq()).isEqualTo(1);
        }
    }

    @Test
    void refuses_work_after_close() {
        Outbox outbox = Outbox.open(dir, clock, "node-1");
        outbox.close();
        assertThatThrownBy(() -> outbox.append(draft("air", 0))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        outbox.close(); // idempotent
    }
}
