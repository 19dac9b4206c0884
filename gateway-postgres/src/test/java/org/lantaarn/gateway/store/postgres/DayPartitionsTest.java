package org.lantaarn.gateway.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.gateway.store.SequencedResult;
import org.lantaarn.gateway.store.TwinQueue.TwinKey;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Location;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.Status;
import org.lantaarn.testkit.store.PostgresServer;

/** Observations partitioned by day of reception on a real PostgreSQL: where rows land, what retention drops, dedup. */
class DayPartitionsTest {
    /** Midnight UTC of 2026-05-01. */
    private static final Instant DAY0 = Instant.parse("2026-05-01T00:00:00Z");
    private final JsonCodec codec = new JsonCodec();
    private final String db = PostgresServer.shared().newDatabase();
    private final List<PostgresGatewayStore> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(PostgresGatewayStore::close);
    }

    private PostgresGatewayStore open() {
        PostgresGatewayStore s = PostgresGatewayStore.open(new PostgresSettings(PostgresServer.shared().jdbcUrl(db),
                PostgresServer.USER, null, 4), codec);
        opened.add(s);
        return s;
    }

    private static Instant day(int d, int hour) {
        return DAY0.plus(Duration.ofDays(d)).plus(Duration.ofHours(hour));
    }

    private SequencedResult obs(PostgresGatewayStore s, long seq, Instant received) {
        Instant start = DAY0.plusSeconds(60 * seq);
        Observation o = new Observation("n1", "climate", "climate", seq, start, start.plusSeconds(60),
                Map.of("temperature", 21.5), Map.of("temperature", "Cel"), Quality.full(), Privacy.none());
        return s.storeSequenced(SequencedEntry.of(o, codec, received));
    }

    private void birth(PostgresGatewayStore s) {
        s.storeStatus(new Status("n1", Status.State.ONLINE, DAY0, "0.1.0", 3L, "sha256:abc", "site-a",
                new Location(51.69, 5.30, 6.0, "lamppost 14"), List.of()), DAY0);
    }

    private Connection sql() throws SQLException {
        return DriverManager.getConnection(PostgresServer.shared().jdbcUrl(db), PostgresServer.USER, "");
    }

    /** Each stored seq and the partition table that holds it. */
    private Map<Long, String> partitionOfEachSeq() throws SQLException {
        Map<Long, String> out = new LinkedHashMap<>();
        try (Connection c = sql(); PreparedStatement p = c.prepareStatement(
                "SELECT seq, tableoid::regclass::text FROM sequenced ORDER BY seq"); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2));
            }
        }
        return out;
    }

    private List<String> partitions() throws SQLException {
        try (Connection c = sql()) {
            return DayPartitions.list(c).stream().map(DayPartitions.Partition::table).toList();
        }
    }

    @Test
    void rows_received_on_several_days_land_in_the_partition_of_their_day_created_on_demand() throws SQLException {
        PostgresGatewayStore s = open();
        obs(s, 1, day(0, 10));
        obs(s, 2, day(0, 23));
        obs(s, 3, day(1, 0));
        obs(s, 4, day(2, 12));

        assertThat(partitionOfEachSeq()).containsExactly(Map.entry(1L, "sequenced_d20260501"),
                Map.entry(2L, "sequenced_d20260501"), Map.entry(3L, "sequenced_d20260502"), Map.entry(4L, "sequenced_d20260503"));
        String today = DayPartitions.tableOf(DayPartitions.dayOf(Instant.now().toEpochMilli()));
        assertThat(partitions()).as("today's partition and the next days' exist before their first row")
                .contains(today, DayPartitions.tableOf(DayPartitions.dayOf(Instant.now().toEpochMilli()) + DayPartitions.AHEAD_DAYS))
                .noneMatch(t -> t.contains("default"));
        assertThat(s.node("n1").orElseThrow().contiguousSeq()).isEqualTo(4);
    }

    @Test
    void a_day_wholly_older_than_the_retention_is_dropped_and_the_newer_days_are_kept() throws SQLException {
        PostgresGatewayStore s = open();
        birth(s);
        obs(s, 1, day(0, 10));
        obs(s, 2, day(1, 10));
        obs(s, 3, day(2, 10));
        s.markTwinPublished(List.of(new TwinKey("n1", 1), new TwinKey("n1", 2), new TwinKey("n1", 3)), day(2, 11));

        long removed = s.pruneSequenced(day(1, 12)); // day 1 is only half older than the retention

        assertThat(removed).isEqualTo(1);
        assertThat(partitions()).doesNotContain("sequenced_d20260501")
                .contains("sequenced_d20260502", "sequenced_d20260503");
        assertThat(partitionOfEachSeq()).containsOnlyKeys(2L, 3L);
        assertThat(s.node("n1").orElseThrow().contiguousSeq()).isEqualTo(3);
    }

    @Test
    void a_day_that_holds_a_row_the_twin_has_not_confirmed_survives_with_only_that_row_and_goes_once_it_is_confirmed()
            throws SQLException {
        PostgresGatewayStore s = open();
        birth(s);
        obs(s, 1, day(0, 10));
        obs(s, 2, day(0, 11));
        obs(s, 3, day(1, 10));
        s.markTwinPublished(List.of(new TwinKey("n1", 1), new TwinKey("n1", 3)), day(1, 11));

        assertThat(s.pruneSequenced(day(5, 0))).as("1 and 3 may go; 2 waits for the twin").isEqualTo(2);

        assertThat(partitions()).contains("sequenced_d20260501").doesNotContain("sequenced_d20260502");
        assertThat(partitionOfEachSeq()).containsExactly(Map.entry(2L, "sequenced_d20260501"));
        assertThat(s.pendingTwin(100)).extracting(p -> p.seq()).containsExactly(2L);

        s.markTwinPublished(List.of(new TwinKey("n1", 2)), day(5, 1));
        assertThat(s.pruneSequenced(day(5, 0))).isEqualTo(1);
        assertThat(partitions()).doesNotContain("sequenced_d20260501");
    }

    @Test
    void a_day_due_to_be_dropped_while_a_reader_holds_the_table_is_left_for_the_next_round() throws SQLException {
        PostgresGatewayStore s = open();
        birth(s);
        obs(s, 1, day(0, 10));
        s.markTwinPublished(List.of(new TwinKey("n1", 1)), day(0, 11));
        try (Connection reader = sql()) {
            reader.setAutoCommit(false);
            try (var st = reader.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sequenced")) {
                rs.next(); // the reader's transaction now holds sequenced until it ends
            }

            assertThat(s.pruneSequenced(day(5, 0))).isZero();
            assertThat(partitions()).contains("sequenced_d20260501");
            reader.commit();
        }

        assertThat(s.pruneSequenced(day(5, 0))).isEqualTo(1);
        assertThat(partitions()).doesNotContain("sequenced_d20260501");
    }

    @Test
    void marks_more_than_one_statement_holds_reach_every_row_in_every_partition_and_no_other() {
        PostgresGatewayStore s = open();
        birth(s);
        int n = 2 * org.lantaarn.gateway.store.jdbc.JdbcTwinMarks.CHUNK + 51;
        List<SequencedEntry> batch = new ArrayList<>();
        for (long seq = 1; seq <= n + 1; seq++) {
            Instant start = DAY0.plusSeconds(60 * seq);
            batch.add(SequencedEntry.of(new Observation("n1", "climate", "climate", seq, start, start.plusSeconds(60),
                    Map.of("temperature", 21.5), Map.of("temperature", "Cel"), Quality.full(), Privacy.none()), codec,
                    day((int) (seq % 3), 10)));
        }
        s.storeSequenced(batch);
        List<TwinKey> keys = new ArrayList<>();
        for (long seq = 1; seq <= n; seq++) {
            keys.add(new TwinKey("n1", seq));
        }

        s.markTwinPublished(keys, day(3, 0));

        assertThat(s.pendingTwin(10_000)).extracting(p -> p.seq()).containsExactly((long) n + 1);
    }

    @Test
    void a_seq_above_a_hole_keeps_its_day_although_the_twin_has_it() throws SQLException {
        PostgresGatewayStore s = open();
        birth(s);
        obs(s, 1, day(0, 10));
        obs(s, 3, day(0, 11)); // 2 never came: 3 is above the contiguous seq, receipts do not cover it yet
        s.markTwinPublished(List.of(new TwinKey("n1", 1), new TwinKey("n1", 3)), day(0, 12));

        s.pruneSequenced(day(5, 0));

        assertThat(partitionOfEachSeq()).containsOnlyKeys(3L);
        assertThat(obs(s, 3, day(5, 0)).isNew()).isFalse();
        assertThat(obs(s, 2, day(5, 0)).contiguousSeq()).isEqualTo(3);
    }

    @Test
    void a_seq_is_stored_once_although_its_copies_arrive_on_different_days_through_different_replicas() throws Exception {
        PostgresGatewayStore a = open();
        PostgresGatewayStore b = open();
        int seqs = 60;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int w = 0; w < 4; w++) {
                PostgresGatewayStore s = w % 2 == 0 ? a : b;
                Instant received = day(w, 6); // every writer's copy falls on another day: four partitions
                Callable<Integer> writer = () -> {
                    int fresh = 0;
                    for (long seq = 1; seq <= seqs; seq++) {
                        fresh += obs(s, seq, received).isNew() ? 1 : 0;
                    }
                    return fresh;
                };
                results.add(pool.submit(writer));
            }
            int fresh = 0;
            for (Future<Integer> f : results) {
                fresh += f.get();
            }
            assertThat(fresh).as("each seq is new for exactly one writer").isEqualTo(seqs);
        } finally {
            pool.shutdownNow();
        }
        assertThat(partitionOfEachSeq()).hasSize(seqs);
        assertThat(a.node("n1").orElseThrow().duplicates()).isEqualTo(3L * seqs);
        assertThat(a.node("n1").orElseThrow().contiguousSeq()).isEqualTo(seqs);
    }

    @Test
    void a_late_row_for_a_day_already_dropped_gets_its_partition_again_even_on_a_replica_that_saw_the_day() throws SQLException {
        PostgresGatewayStore a = open();
        PostgresGatewayStore b = open();
        birth(a);
        obs(a, 1, day(0, 10));
        obs(b, 2, day(0, 11)); // b now believes day 0 has its partition
        a.markTwinPublished(List.of(new TwinKey("n1", 1), new TwinKey("n1", 2)), day(0, 12));
        assertThat(a.pruneSequenced(day(3, 0))).isEqualTo(2);
        assertThat(partitions()).doesNotContain("sequenced_d20260501");

        assertThat(obs(b, 3, day(0, 13)).isNew()).isTrue();

        assertThat(partitionOfEachSeq()).containsExactly(Map.entry(3L, "sequenced_d20260501"));
    }

    @Test
    void rows_of_a_store_from_before_the_partitions_move_into_the_partitions_of_their_days() throws SQLException {
        Flyway.configure().dataSource(PostgresServer.shared().jdbcUrl(db), PostgresServer.USER, "")
                .locations("classpath:db/migration/postgresql").target("1").load().migrate();
        try (Connection c = sql(); var st = c.createStatement()) {
            st.executeUpdate("INSERT INTO nodes (node, first_seq, contiguous_seq, last_seq, observations) VALUES ('n1', 1, 2, 2, 2)");
            st.executeUpdate("INSERT INTO sequenced (node, seq, kind, stream, start_ms, end_ms, payload, received_ms, "
                    + "twin_published) VALUES ('n1', 1, 'obs', 'climate', 0, 60000, '{}', " + day(0, 10).toEpochMilli()
                    + ", TRUE), ('n1', 2, 'obs', 'climate', 60000, 120000, '{}', " + day(1, 10).toEpochMilli() + ", FALSE)");
        }

        PostgresGatewayStore s = open();

        assertThat(partitionOfEachSeq()).containsExactly(Map.entry(1L, "sequenced_d20260501"),
                Map.entry(2L, "sequenced_d20260502"));
        assertThat(obs(s, 2, day(4, 0)).isNew()).isFalse();
        try (Connection c = sql(); PreparedStatement p = c.prepareStatement(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'sequenced' ORDER BY indexname");
             ResultSet rs = p.executeQuery()) {
            List<String> indexes = new ArrayList<>();
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
            assertThat(indexes).as("the old table's indexes moved over").contains("sequenced_by_stream",
                    "sequenced_pending_twin", "sequenced_by_twin_mark")
                    .as("pruning by received time has the partitions now").doesNotContain("sequenced_by_received");
        }
    }
}
