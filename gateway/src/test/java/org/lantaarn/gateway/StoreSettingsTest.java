package org.lantaarn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    @Test
    void without_a_store_block_the_gateway_uses_sqlite_with_bounded_health_and_rejections() {
        StoreSettings s = GatewayConfig.fromYaml("broker: tcp://127.0.0.1:1883\n").store();
        assertThat(s.postgres()).isFalse();
        assertThat(s.healthRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(s.healthPerNode()).isEqualTo(1000);
        assertThat(s.rejectionsKept()).isEqualTo(10_000);
        assertThat(s.observationRetention()).isZero();
        assertThat(s.twinRepublishWindow()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void a_store_block_sets_postgresql_and_every_limit() {
        StoreSettings s = GatewayConfig.fromYaml("""
                broker: tcp://127.0.0.1:1883
                store:
                  url: jdbc:postgresql://db:5432/lantaarn
                  user: gw
                  poolSize: 4
                  observationRetention: 400d
                  healthRetention: 7d
                  healthPerNode: 50
                  rejectionRetention: 1d
                  rejectionsKept: 500
                  pruneEvery: 1m
                  twinRepublishWindow: 5m
                  partitions: 32
                """).store();
        assertThat(s.postgres()).isTrue();
        assertThat(s.user()).isEqualTo("gw");
        assertThat(s.poolSize()).isEqualTo(4);
        assertThat(s.observationRetention()).isEqualTo(Duration.ofDays(400));
        assertThat(s.healthPerNode()).isEqualTo(50);
        assertThat(s.rejectionsKept()).isEqualTo(500);
        assertThat(s.pruneEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.twinRepublishWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.partitions()).isEqualTo(32);
    }

    @Test
    void an_unknown_store_key_or_a_non_postgresql_url_is_refused_with_its_name() {
        assertThatThrownBy(() -> GatewayConfig.fromYaml("store: {retention: 3d}\n"))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("store.retention");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("store: {url: \"jdbc:mysql://db/x\"}\n"))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("store.url");
        assertThatThrownBy(() -> GatewayConfig.fromYaml("store: {healthPerNode: 0}\n"))
                .isInstanceOf(GatewayConfigException.class).hasMessageContaining("healthPerNode");
    }
}
