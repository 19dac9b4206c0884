package org.lantaarn.node.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.node.sensor.SensorDescriptor.Aggregation;
import org.lantaarn.node.window.Window;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;

class PrivacyGuardTest {
    private static final Window W = Window.containing(Instant.parse("2026-05-01T12:00:00Z"), Duration.ofMinutes(1));

    private static WindowAggregate counts(Map<String, Double> values) {
        Map<String, String> units = new LinkedHashMap<>();
        values.keySet().forEach(k -> units.put(k, "count"));
        return new WindowAggregate("flow", "people-flow", Aggregation.COUNTER, W, values, units, Quality.full());
    }

    @Test
    void counts_between_zero_and_k_are_suppressed_and_named() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("in", 1.0);
        v.put("out", 4.0);
        v.put("loiter", 5.0);
        v.put("back", 0.0);

        ProtectedAggregate p = new PrivacyGuard(5).protect(counts(v));

        assertThat(p.values()).containsEntry("in", null).containsEntry("out", null)
                .containsEntry("loiter", 5.0).containsEntry("back", 0.0);
        assertThat(p.privacy()).isEqualTo(new Privacy(5, java.util.List.of("in", "out"), null, null));
    }

    @Test
    void nothing_is_suppressed_when_every_count_is_zero_or_at_least_k() {
        ProtectedAggregate p = new PrivacyGuard(3).protect(counts(Map.of("in", 3.0)));
        assertThat(p.values()).containsEntry("in", 3.0);
        assertThat(p.privacy().suppressed()).isEmpty();
        assertThat(p.privacy().k()).isEqualTo(3);
    }

    @Test
    void numeric_streams_pass_unchanged_with_no_privacy_parameters() {
        WindowAggregate a = new WindowAggregate("air", "climate", Aggregation.NUMERIC, W, Map.of("samples", 2.0),
                Map.of("samples", "count"), Quality.full());
        ProtectedAggregate p = new PrivacyGuard(5).protect(a);
        assertThat(p.values()).containsEntry("samples", 2.0);
        assertThat(p.privacy()).isEqualTo(Privacy.none());
    }

    @Test
    void a_suppressed_count_travels_as_json_null() {
        ProtectedAggregate p = new PrivacyGuard(5).protect(counts(Map.of("in", 2.0)));
        Observation o = p.toObservation("node-1", 7);
        String json = new JsonCodec().encodeToString(o);
        assertThat(json).contains("\"in\":null").contains("\"suppressed\":[\"in\"]").contains("\"seq\":7");
    }

    @Test
    void refuses_k_below_two() {
        assertThatThrownBy(() -> new PrivacyGuard(1)).hasMessageContaining("k must be at least 2");
    }

    @Test
    void with_epsilon_every_count_gets_noise_and_the_privacy_object_names_epsilon_and_the_key_epoch() {
        java.time.Instant epoch = java.time.Instant.parse("2026-05-01T12:00:00Z");
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("devices", 1000.0);
        v.put("probes", 5000.0);
        PrivacyGuard guard = new PrivacyGuard(5, new DiscreteLaplace(0.5, new java.util.SplittableRandom(3)));
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            WindowAggregate a = new WindowAggregate("wifi", "wifi-presence", Aggregation.PRESENCE, W, v,
                    Map.of("devices", "count", "probes", "count"), Quality.full(), java.util.Set.of("devices", "probes"), epoch);
            ProtectedAggregate p = guard.protect(a);
            seen.add(p.values().get("devices"));
            assertThat(p.values().get("devices")).isBetween(950.0, 1050.0);
            assertThat(p.privacy()).isEqualTo(new Privacy(5, java.util.List.of(), 0.5, epoch));
        }
        assertThat(seen).as("noise changes the published count").hasSizeGreaterThan(3);
    }

    @Test
    void parts_of_a_total_are_suppressed_together_so_a_hidden_part_cannot_be_recovered_by_subtraction() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("devices", 9.0);
        v.put("devices.randomised", 7.0);
        v.put("devices.global", 2.0);
        ProtectedAggregate p = new PrivacyGuard(5).protect(counts(v));
        assertThat(p.values()).containsEntry("devices", 9.0).containsEntry("devices.randomised", null)
                .containsEntry("devices.global", null);
        assertThat(p.privacy().suppressed()).containsExactly("devices.randomised", "devices.global");
    }
}
