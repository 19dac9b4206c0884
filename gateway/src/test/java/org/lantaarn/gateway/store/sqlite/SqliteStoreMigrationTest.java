package org.lantaarn.gateway.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantaarn.gateway.Fixtures.T0;
import static org.lantaarn.gateway.Fixtures.observation;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.store.SequencedEntry;
import org.lantaarn.protocol.JsonCodec;

/** A store file written by the version before dropped ranges opens, is converted, and keeps working. */
class SqliteStoreMigrationTest {
    private final JsonCodec codec = new JsonCodec();
    @TempDir
    Path dir;

    /** The previous version's file: seqs 1, 5, 6 stored, gap 7 replaced 2..4 with one placeholder row per seq. */
    private void writePreviousVersionStore(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE nodes (node TEXT PRIMARY KEY, state TEXT NOT NULL DEFAULT 'unknown', last_seen INTEGER, site TEXT,
                      loc_lat REAL, loc_lon REAL, loc_height REAL, loc_description TEXT, runtime_version TEXT, config_version INTEGER,
                      config_hash TEXT, birth_json TEXT, last_health_json TEXT, first_seq INTEGER, contiguous_seq INTEGER,
                      last_seq INTEGER, observations INTEGER NOT NULL DEFAULT 0, gaps INTEGER NOT NULL DEFAULT 0,
                      duplicates INTEGER NOT NULL DEFAULT 0)""");
            s.execute("""
                    CREATE TABLE sequenced (node TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, stream TEXT NOT NULL,
                      start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, payload TEXT NOT NULL, received_ms INTEGER NOT NULL,
                      twin_published INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (node, seq)) WITHOUT ROWID""");
            s.execute("INSERT INTO nodes (node, first_seq, contiguous_seq, last_seq, observations, gaps) VALUES ('n1', 1, 7, 7, 3, 1)");
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO sequenced (node, seq, kind, stream, start_ms, end_ms, payload, received_ms, twin_published) "
                            + "VALUES ('n1', ?, ?, 'climate', 0, 60000, ?, 0, ?)")) {
                for (long seq : new long[] {1, 5, 6, 7, 2, 3, 4}) {
                    boolean placeholder = seq >= 2 && seq <= 4;
                    p.setLong(1, seq);
                    p.setString(2, placeholder ? "dropped" : seq == 7 ? "gap" : "obs");
                    p.setString(3, placeholder ? "" : codec.encodeToString(observation("n1", seq)));
                    p.setInt(4, placeholder ? 1 : 0);
                    p.executeUpdate();
                }
            }
        }
    }

    private static long count(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void placeholder_rows_of_the_previous_version_become_one_range_and_the_node_carries_on() throws SQLException {
        Path file = dir.resolve(SqliteGatewayStore.FILE_NAME);
        writePreviousVersionStore(file);

        try (SqliteGatewayStore store = SqliteGatewayStore.open(dir, codec)) {
            assertThat(store.storeSequenced(SequencedEntry.of(observation("n1", 3), codec, T0)).isNew())
                    .as("a seq the old gap replaced is still accounted for").isFalse();
            assertThat(store.storeSequenced(SequencedEntry.of(observation("n1", 8), codec, T0)).contiguousSeq()).isEqualTo(8);
            assertThat(store.observations("n1", "climate", java.time.Instant.EPOCH, T0.plusSeconds(86_400), 100)).hasSize(4);
        }
        assertThat(count(file, "SELECT COUNT(*) FROM sequenced WHERE kind = 'dropped'")).isZero();
        assertThat(count(file, "SELECT COUNT(*) FROM dropped_ranges WHERE first_seq = 2 AND last_seq = 4")).isEqualTo(1);
        assertThat(count(file, "PRAGMA user_version")).isEqualTo(SqliteGatewayStore.SCHEMA_VERSION);

        try (SqliteGatewayStore again = SqliteGatewayStore.open(dir, codec)) {
            assertThat(again.node("n1").orElseThrow().contiguousSeq()).as("a second open changes nothing").isEqualTo(8);
        }
        assertThat(count(file, "SELECT COUNT(*) FROM dropped_ranges")).isEqualTo(1);
    }
}
