package org.lantaarn.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lantaarn.gateway.Fixtures.T0;
import static org.lantaarn.gateway.Fixtures.health;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.gateway.StoreSettings;
import org.lantaarn.gateway.store.RejectionRecord;
import org.lantaarn.gateway.store.postgres.PostgresGatewayStore;
import org.lantaarn.gateway.store.postgres.PostgresSettings;
import org.lantaarn.gateway.store.sqlite.SqliteGatewayStore;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.testkit.store.PostgresServer;

class PrunerTest {
    @TempDir
    Path dir;

    @Test
    void a_round_keeps_health_and_rejections_within_the_configured_age_and_count() {
        try (SqliteGatewayStore store = SqliteGatewayStore.open(dir, new JsonCodec())) {
            for (int i = 0; i < 10; i++) {
                store.storeHealth(health("n1"), T0.plus(Duration.ofDays(i)));
                store.storeRejection(new RejectionRecord(T0.plus(Duration.ofDays(i)), "t", "malformed-json", "x", 1));
            }
            StoreSettings limits = StoreSettings.defaults().withHealthRetention(Duration.ofDays(5)).withHealthPerNode(3)
                    .withRejectionRetention(Duration.ofDays(8)).withRejectionsKept(100);
            Clock now = Clock.fixed(T0.plus(Duration.ofDays(10)), ZoneOffset.UTC);

            long pruned = new Pruner(store, limits, now).round();

            assertThat(store.healthHistory("n1", 100)).hasSize(3);
            assertThat(store.rejections(100).recent()).as("older than 8 days: days 0 and 1").hasSize(8);
            assertThat(store.rejections(100).counts()).containsEntry("malformed-json", 10L);
            assertThat(pruned).as("health: 5 too old, 2 over the count; rejections: 2 too old").isEqualTo(5 + 2 + 2);
            assertThat(new Pruner(store, limits, now).round()).as("nothing left to prune").isZero();
        }
    }

    @Test
    void a_round_creates_the_coming_days_partitions_on_postgresql_even_when_observations_are_kept_for_ever()
            throws SQLException {
        String db = PostgresServer.shared().newDatabase();
        String url = PostgresServer.shared().jdbcUrl(db);
        try (PostgresGatewayStore store = PostgresGatewayStore.open(new PostgresSettings(url, PostgresServer.USER, null, 2),
                new JsonCodec())) {
            Clock now = Clock.fixed(Instant.parse("2031-02-27T23:59:00Z"), ZoneOffset.UTC);
            StoreSettings limits = StoreSettings.defaults();
            assertThat(limits.observationRetention()).isZero();

            new Pruner(store, limits, now).round();

            List<String> tables = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, "");
                 ResultSet rs = c.createStatement().executeQuery("SELECT k.relname FROM pg_inherits i JOIN pg_class k "
                         + "ON k.oid = i.inhrelid WHERE i.inhparent = 'sequenced'::regclass")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("sequenced_d20310227", "sequenced_d20310228", "sequenced_d20310301");
        }
    }
}
