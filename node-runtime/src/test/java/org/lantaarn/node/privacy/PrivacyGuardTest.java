package org.lantaarn.node.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantaarn.config.PrivacyConfig;
import org.lantaarn.node.aggregate.PresenceAccumulator;
import org.lantaarn.node.aggregate.WindowAggregate;
import org.lantaarn.node.sensor.Disclosure;
import org.lantaarn.node.sensor.Disclosures;
import org.lantaarn.node.sensor.SensorDescriptor.Aggregation;
import org.lantaarn.node.sensor.SuppressionGroup;
import org.lantaarn.node.sensor.wifi.WifiPresenceProvider;
import org.lantaarn.node.window.Window;
import org.lantaarn.protocol.JsonCodec;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;

class PrivacyGuardTest {
    private static final Window W = Window.containing(Instant.parse("2026-05-01T12:00:30Z"), Duration.ofMinutes(1));
    private static final SuppressionGroup PASSERS = new SuppressionGroup("passers", "in");
    private static final Map<String, Disclosure> FLOW = Disclosures.check(Map.of(
            "in", Disclosure.person(PASSERS, 1), "out", Disclosure.person(PASSERS, 1), "temperature", Disclosure.environment()));

    private static WindowAggregate flow(Map<String, Double> values) {
        Map<String, String> units = new LinkedHashMap<>();
        values.keySet().forEach(k -> units.put(k, "count"));
        return new WindowAggregate("flow", "people-flow", Aggregation.COUNTER, W, values, units, Quality.full());
    }

    private static PrivacyGuard guard(int k, Map<String, Disclosure> d, List<String> undeclared) {
        return new PrivacyGuard(new PrivacyConfig(k, null, PrivacyConfig.DEFAULT_KEY_ROTATION), d, null, new SecureRandom(),
                undeclared::add);
    }

    @Test
    void a_group_below_k_is_withheld_whole_and_its_values_are_named() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("in", 4.0);
        v.put("out", 9.0);
        v.put("temperature", 21.5);

        ProtectedAggregate p = guard(5, FLOW, new ArrayList<>()).protect(flow(v));

        assertThat(p.values()).containsEntry("in", null).containsEntry("out", null).containsEntry("temperature", 21.5);
        assertThat(p.privacy()).isEqualTo(new Privacy(5, List.of("in", "out"), null, null, null, Map.of()));
    }

    @Test
    void zero_people_is_below_k_too_so_nobody_and_one_person_look_the_same() {
        ProtectedAggregate none = guard(5, FLOW, new ArrayList<>()).protect(flow(Map.of("in", 0.0, "out", 0.0)));
        ProtectedAggregate one = guard(5, FLOW, new ArrayList<>()).protect(flow(Map.of("in", 1.0, "out", 1.0)));
        assertThat(none).isEqualTo(one);
    }

    @Test
    void a_group_with_at_least_k_people_is_published() {
        ProtectedAggregate p = guard(3, FLOW, new ArrayList<>()).protect(flow(Map.of("in", 3.0, "out", 1.0)));
        assertThat(p.values()).containsEntry("in", 3.0).containsEntry("out", 1.0);
        assertThat(p.privacy().suppressed()).isEmpty();
        assertThat(p.privacy().k()).isEqualTo(3);
    }

    @Test
    void a_value_without_a_declared_class_is_dropped_and_reported() {
        List<String> undeclared = new ArrayList<>();
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("in", 7.0);
        v.put("out", 7.0);
        v.put("loiterers", 1.0);
        ProtectedAggregate p = guard(5, FLOW, undeclared).protect(flow(v));
        assertThat(p.values()).containsOnlyKeys("in", "out");
        assertThat(p.units()).containsOnlyKeys("in", "out");
        assertThat(undeclared).containsExactly("loiterers");
    }

    @Test
    void environment_streams_pass_unchanged_with_no_privacy_parameters() {
        WindowAggregate a = new WindowAggregate("air", "climate", Aggregation.NUMERIC, W, Map.of("samples", 2.0),
                Map.of("samples", "count"), Quality.full());
        ProtectedAggregate p = guard(5, Disclosures.numericEnvironment(List.of("temperature")), new ArrayList<>()).protect(a);
        assertThat(p.values()).containsEntry("samples", 2.0);
        assertThat(p.privacy()).isEqualTo(Privacy.none());
    }

    @Test
    void a_suppressed_count_travels_as_json_null() {
        ProtectedAggregate p = guard(5, FLOW, new ArrayList<>()).protect(flow(Map.of("in", 2.0)));
        Observation o = p.toObservation("node-1", 7);
        String json = new JsonCodec().encodeToString(o);
        assertThat(json).contains("\"in\":null").contains("\"suppressed\":[\"in\"]").contains("\"seq\":7");
    }

    @Test
    void refuses_k_below_two() {
        assertThatThrownBy(() -> guard(1, FLOW, new ArrayList<>())).hasMessageContaining("k must be at least 2");
    }

    @Test
    void probes_are_withheld_with_the_devices_that_sent_them() {
        Map<String, Double> v = presence(3, 60);
        ProtectedAggregate p = guard(5, WifiPresenceProvider.disclosures(10), new ArrayList<>()).protect(presenceWindow(v, List.of()));
        assertThat(p.values()).allSatisfy((name, value) -> assertThat(value).as(name).isNull());
    }

    @Test
    void the_budget_is_split_over_the_noised_values_by_sensitivity_and_stated_per_value() {
        Map<String, Disclosure> wifi = WifiPresenceProvider.disclosures(10);
        PrivacyGuard guard = new PrivacyGuard(new PrivacyConfig(5, 1.7, Duration.ofMinutes(60)), wifi, 10, new SecureRandom(), n -> {});
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            ProtectedAggregate p = guard.protect(presenceWindow(presence(1000, 5000), List.of()));
            seen.add(p.values().get("devices"));
            assertThat(p.values().get("devices")).isBetween(800.0, 1200.0);
            Privacy privacy = p.privacy();
            assertThat(privacy.k()).isEqualTo(5);
            assertThat(privacy.clip()).isEqualTo(10);
            assertThat(privacy.epsilon()).isEqualTo(1.7);
            // sensitivities: devices 1, its two parts 1 each, probes 10, four dwell bins 1 each: 17 in all
            assertThat(privacy.epsilons().get("devices")).isCloseTo(0.1, within(1e-12));
            assertThat(privacy.epsilons().get("probes")).isCloseTo(1.0, within(1e-12));
            assertThat(privacy.epsilons().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.7, within(1e-12));
            assertThat(privacy.keyEpochStart()).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
        }
        assertThat(seen).as("noise changes the published count").hasSizeGreaterThan(3);
    }

    @Test
    void quality_flags_that_come_from_the_people_go_with_their_suppressed_group() {
        ProtectedAggregate p = guard(5, WifiPresenceProvider.disclosures(10), new ArrayList<>())
                .protect(presenceWindow(presence(2, 4), List.of(PresenceAccumulator.KEY_ROTATED, PresenceAccumulator.DWELL_PARTIAL, "partial-window")));
        assertThat(p.quality().flags()).containsExactly("partial-window");
    }

    private static Map<String, Double> presence(double devices, double probes) {
        Map<String, Double> v = new LinkedHashMap<>();
        WifiPresenceProvider.disclosures(10).keySet().forEach(n -> v.put(n, 0.0));
        v.put(PresenceAccumulator.DEVICES, devices);
        v.put(PresenceAccumulator.RANDOMISED, devices);
        v.put(PresenceAccumulator.PROBES, probes);
        v.put(PresenceAccumulator.DWELL_LT_5M, devices);
        return v;
    }

    private static WindowAggregate presenceWindow(Map<String, Double> v, List<String> flags) {
        Map<String, String> units = new LinkedHashMap<>();
        v.keySet().forEach(n -> units.put(n, "count"));
        return new WindowAggregate("wifi", "wifi-presence", Aggregation.PRESENCE, W, v, units, new Quality(1.0, flags),
                Instant.parse("2026-05-01T12:00:07Z"));
    }
}
