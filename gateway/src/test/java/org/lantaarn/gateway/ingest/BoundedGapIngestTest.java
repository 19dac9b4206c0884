package org.lantaarn.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantaarn.gateway.Fixtures.T0;
import static org.lantaarn.gateway.Fixtures.observation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.dedup.Deduplicator;
import org.lantaarn.gateway.fleet.Fleet;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Topics;
import org.slf4j.LoggerFactory;

/**
 * A gap of a few hundred bytes that replaces a million seqs (issue 11): the gateway stores it as one range, not a
 * million placeholder rows, and the messages of other nodes arriving around it are stored as quickly as ever.
 */
class BoundedGapIngestTest {
    /** The typical (median) cost of one stored message, an fsync'd SQLite transaction. */
    private static final long PER_MESSAGE_LIMIT_MS = 100;
    /**
     * The most any one message may take: a single fsync on a loaded machine (a shared disk, other builds) can take
     * longer than 100 ms now and then, which is not what this test is about; the gap's old cost was ~9 s.
     */
    private static final long ANY_MESSAGE_LIMIT_MS = 1_000;

    private final JsonCodec codec = new JsonCodec();
    private final Topics topics = Topics.defaults();
    @TempDir
    Path dir;
    private SqliteGatewayStore store;
    private Ingest ingest;

    @BeforeEach
    void setUp() {
        store = SqliteGatewayStore.open(dir, codec);
        ingest = new Ingest(codec, store, new Deduplicator(store, codec), new Fleet(store), Clock.fixed(T0, ZoneOffset.UTC),
                List.of());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static String hostileGap(long seq, long first, long last) {
        return """
                {"schema":"lantaarn.gap/1","node":"n1","stream":"climate","seq":%d,"from":"2026-06-01T10:00:00Z",\
                "to":"2026-06-01T11:00:00Z","windows":1,"reason":"outbox-full","replaces":[{"first":%d,"last":%d}]}"""
                .formatted(seq, first, last);
    }

    private long timedObservation(String node, long seq) {
        long t0 = System.nanoTime();
        assertThat(ingest.handle(topics.obs(node, "climate"), codec.encode(observation(node, seq)))).isEqualTo(Ingest.Outcome.STORED);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void a_gap_replacing_a_million_seqs_is_one_row_and_other_nodes_are_stored_in_a_median_under_100_ms_around_it() throws SQLException {
        for (long s = 1; s <= 9; s++) {
            ingest.handle(topics.obs("n1", "climate"), codec.encode(observation("n1", s)));
        }
        List<Long> otherNodesMs = new ArrayList<>();
        for (long s = 1; s <= 20; s++) {
            otherNodesMs.add(timedObservation("n2", s));
        }
        byte[] gap = hostileGap(1_000_010, 10, 1_000_009).getBytes(StandardCharsets.UTF_8);
        assertThat(gap.length).as("a few hundred bytes").isLessThan(300);

        long t0 = System.nanoTime();
        assertThat(ingest.handle(topics.obs("n1", "climate"), gap)).isEqualTo(Ingest.Outcome.STORED);
        long gapMs = (System.nanoTime() - t0) / 1_000_000;
        for (long s = 21; s <= 40; s++) {
            otherNodesMs.add(timedObservation("n2", s));
            otherNodesMs.add(timedObservation("n3", s - 20));
        }

        List<Long> sorted = otherNodesMs.stream().sorted().toList();
        LoggerFactory.getLogger(BoundedGapIngestTest.class).info(
                "gap replacing 1,000,000 seqs stored in {} ms; {} messages of other nodes around it: median {} ms, max {} ms",
                gapMs, sorted.size(), sorted.get(sorted.size() / 2), sorted.getLast());
        assertThat(rows("SELECT COUNT(*) FROM dropped_ranges WHERE node = 'n1'")).as("one range row").isEqualTo(1);
        assertThat(rows("SELECT COUNT(*) FROM sequenced WHERE node = 'n1'")).as("nine observations and the gap").isEqualTo(10);
        assertThat(store.node("n1").orElseThrow().contiguousSeq()).isEqualTo(1_000_010);
        assertThat(ingest.handle(topics.obs("n1", "climate"), codec.encode(observation("n1", 500_000))))
                .as("a seq inside the stored range counts as accounted for").isEqualTo(Ingest.Outcome.DUPLICATE);
        assertThat(gapMs).as("the gap itself").isLessThan(ANY_MESSAGE_LIMIT_MS);
        assertThat(sorted.get(sorted.size() / 2)).as("median per-message ingest of other nodes, ms").isLessThan(PER_MESSAGE_LIMIT_MS);
        assertThat(otherNodesMs).as("per-message ingest of other nodes, ms").allSatisfy(ms -> assertThat(ms).isLessThan(ANY_MESSAGE_LIMIT_MS));
    }

    @Test
    void a_gap_over_a_million_seqs_costs_the_same_rows_as_one_over_ten() throws SQLException {
        ingest.handle(topics.obs("n1", "climate"), codec.encode(observation("n1", 1)));
        long before = rows("SELECT COUNT(*) FROM dropped_ranges") + rows("SELECT COUNT(*) FROM sequenced");
        ingest.handle(topics.obs("n1", "climate"), hostileGap(12, 2, 11).getBytes(StandardCharsets.UTF_8));
        long afterSmall = rows("SELECT COUNT(*) FROM dropped_ranges") + rows("SELECT COUNT(*) FROM sequenced");
        ingest.handle(topics.obs("n1", "climate"), hostileGap(1_000_013, 13, 1_000_012).getBytes(StandardCharsets.UTF_8));
        long afterLarge = rows("SELECT COUNT(*) FROM dropped_ranges") + rows("SELECT COUNT(*) FROM sequenced");

        assertThat(afterLarge - afterSmall).as("rows added by the large gap").isEqualTo(afterSmall - before).isEqualTo(2);
        assertThat(store.node("n1").orElseThrow().contiguousSeq()).isEqualTo(1_000_013);
    }

    private long rows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file().toAbsolutePath());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
