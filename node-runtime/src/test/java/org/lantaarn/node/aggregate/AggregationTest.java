package org.lantaarn.node.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.sensor.SensorDescriptor;
import org.lantaarn.node.sensor.SensorDescriptor.Aggregation;
import org.lantaarn.node.window.Window;

class AggregationTest {
    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");
    private static final Window TEN_SECONDS = Window.containing(T, Duration.ofSeconds(10));

    private static final Aggregator CLIMATE = new Aggregator("air", "climate", new SensorDescriptor(Aggregation.NUMERIC,
            Map.of("temperature", "Cel", "humidity", "%RH"), 1.0, "air", false,
            org.lantaarn.node.sensor.Disclosures.numericEnvironment(java.util.List.of("temperature", "humidity"))));
    private static final Aggregator PASSES = new Aggregator("flow", "people-flow", new SensorDescriptor(Aggregation.COUNTER,
            Map.of("in", "count", "out", "count"), 0.0, "people passing", false, flowDisclosures()));

    private static Map<String, org.lantaarn.node.sensor.Disclosure> flowDisclosures() {
        var g = new org.lantaarn.node.sensor.SuppressionGroup("passers", "in");
        return org.lantaarn.node.sensor.Disclosures.check(Map.of("in", org.lantaarn.node.sensor.Disclosure.person(g, 1),
                "out", org.lantaarn.node.sensor.Disclosure.person(g, 1)));
    }

    @Test
    void a_numeric_window_gives_mean_min_max_per_value_and_the_sample_count() {
        Accumulator acc = CLIMATE.newWindow();
        acc.sample(T, Map.of("temperature", 20.0, "humidity", 50.0));
        acc.sample(T.plusSeconds(1), Map.of("temperature", 22.0, "humidity", 54.0));
        acc.sample(T.plusSeconds(2), Map.of("temperature", 24.0, "humidity", 52.0));

        WindowAggregate a = acc.complete(TEN_SECONDS, false);

        assertThat(a.values()).containsOnly(
                entry("temperature.mean", 22.0), entry("temperature.min", 20.0), entry("temperature.max", 24.0),
                entry("humidity.mean", 52.0), entry("humidity.min", 50.0), entry("humidity.max", 54.0),
                entry("samples", 3.0));
        assertThat(a.units()).containsEntry("temperature.mean", "Cel").containsEntry("humidity.max", "%RH")
                .containsEntry("samples", "count");
        assertThat(a.aggregation()).isEqualTo(Aggregation.NUMERIC);
    }

    @Test
    void coverage_is_the_share_of_expected_samples_capped_at_one() {
        Accumulator some = CLIMATE.newWindow();
        for (int i = 0; i < 4; i++) {
            some.sample(T.plusSeconds(i), Map.of("temperature", 20.0));
        }
        assertThat(some.complete(TEN_SECONDS, false).quality().coverage()).isEqualTo(0.4);

        Accumulator many = CLIMATE.newWindow();
        for (int i = 0; i < 15; i++) {
            many.sample(T, Map.of("temperature", 20.0));
        }
        assertThat(many.complete(TEN_SECONDS, false).quality().coverage()).isEqualTo(1.0);
    }

    @Test
    void coverage_is_one_when_no_rate_is_expected() {
        Aggregator unpaced = new Aggregator("x", "rain", new SensorDescriptor(Aggregation.NUMERIC, Map.of("mm", "mm"), 0.0, "rain", false,
                org.lantaarn.node.sensor.Disclosures.numericEnvironment(java.util.List.of("mm"))));
        Accumulator acc = unpaced.newWindow();
        acc.sample(T, Map.of("mm", 0.2));
        assertThat(acc.complete(TEN_SECONDS, false).quality().coverage()).isEqualTo(1.0);
    }

    @Test
    void an_empty_numeric_window_publishes_no_values_coverage_zero_and_no_samples() {
        WindowAggregate a = CLIMATE.newWindow().complete(TEN_SECONDS, false);
        assertThat(a.values()).isEmpty();
        assertThat(a.quality().coverage()).isZero();
        assertThat(a.quality().flags()).containsExactly("no-samples");
    }

    @Test
    void faults_and_a_partial_start_are_flagged() {
        Accumulator acc = CLIMATE.newWindow();
        acc.sample(T, Map.of("temperature", 20.0));
        acc.fault(T, "crc mismatch");
        assertThat(acc.complete(TEN_SECONDS, true).quality().flags()).containsExactly("sensor-fault", "partial-window");
    }

    @Test
    void a_non_finite_reading_is_a_fault_not_a_value() {
        Accumulator acc = CLIMATE.newWindow();
        Map<String, Double> bad = new HashMap<>();
        bad.put("temperature", Double.NaN);
        acc.sample(T, bad);
        acc.sample(T, Map.of("temperature", 19.0));
        WindowAggregate a = acc.complete(TEN_SECONDS, false);
        assertThat(a.values()).containsEntry("temperature.mean", 19.0).containsEntry("samples", 1.0);
        assertThat(a.quality().flags()).contains("sensor-fault");
    }

    @Test
    void a_counter_window_counts_each_event_name_and_zero_when_nothing_happened() {
        Accumulator acc = PASSES.newWindow();
        acc.event(T, "in", 3);
        acc.event(T.plusSeconds(1), "in", 4);

        WindowAggregate a = acc.complete(TEN_SECONDS, false);

        assertThat(a.values()).containsOnly(entry("in", 7.0), entry("out", 0.0));
        assertThat(a.units()).containsOnly(entry("in", "count"), entry("out", "count"));
        assertThat(a.aggregation()).isEqualTo(Aggregation.COUNTER);
        assertThat(a.quality().flags()).isEmpty();
    }

    @Test
    void a_counter_treats_unknown_names_and_negative_counts_as_faults() {
        Accumulator acc = PASSES.newWindow();
        acc.event(T, "sideways", 2);
        acc.event(T, "in", -1);
        WindowAggregate a = acc.complete(TEN_SECONDS, false);
        assertThat(a.values()).containsOnly(entry("in", 0.0), entry("out", 0.0));
        assertThat(acc.faults()).isEqualTo(2);
        assertThat(a.quality().flags()).containsExactly("sensor-fault");
    }
}
