package org.lantaarn.node.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.sensor.Disclosure;
import org.lantaarn.node.sensor.Disclosures;
import org.lantaarn.node.sensor.SuppressionGroup;
import org.lantaarn.protocol.Gap;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;
import org.lantaarn.protocol.Receipt;

class DisclosureGateTest {
    private static final Instant T = Instant.parse("2026-05-01T12:00:00Z");
    private static final SuppressionGroup PASSERS = new SuppressionGroup("passers", "events");
    private static final Map<String, Disclosure> MOTION = Disclosures.check(Map.of(
            "events", Disclosure.person(PASSERS, 1), "occupied", Disclosure.personFraction(PASSERS), "temperature", Disclosure.environment()));

    private final List<String> undeclared = new ArrayList<>();
    private final DisclosureGate gate = new DisclosureGate((stream, value) -> undeclared.add(stream + "/" + value));

    private static Observation obs(String stream, Map<String, Double> values) {
        Map<String, String> units = new LinkedHashMap<>();
        values.keySet().forEach(n -> units.put(n, "count"));
        List<String> suppressed = values.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
        return new Observation("node-1", stream, "motion", 1, T, T.plusSeconds(60), values, units, Quality.full(),
                new Privacy(5, suppressed, null, null));
    }

    @Test
    void an_undeclared_value_is_dropped_and_reported() {
        gate.declare("passers", MOTION);
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("events", 9.0);
        v.put("occupied", 0.4);
        v.put("faces", 3.0);
        Observation out = gate.release(obs("passers", v));
        assertThat(out.values()).containsOnlyKeys("events", "occupied");
        assertThat(out.units()).containsOnlyKeys("events", "occupied");
        assertThat(undeclared).containsExactly("passers/faces");
    }

    @Test
    void a_group_leaves_whole_or_not_at_all() {
        gate.declare("passers", MOTION);
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("events", null);
        v.put("occupied", 0.4); // what a guard that forgot the group would let through
        v.put("temperature", 20.0);
        Observation out = gate.release(obs("passers", v));
        assertThat(out.values()).containsEntry("events", null).containsEntry("occupied", null).containsEntry("temperature", 20.0);
        assertThat(out.privacy().suppressed()).containsExactlyInAnyOrder("events", "occupied");
    }

    @Test
    void a_group_without_its_count_of_people_is_withheld() {
        gate.declare("passers", MOTION);
        Observation out = gate.release(obs("passers", Map.of("occupied", 0.4)));
        assertThat(out.values()).containsEntry("occupied", null);
    }

    @Test
    void a_stream_that_declared_nothing_publishes_no_values() {
        Observation out = gate.release(obs("ghost", Map.of("events", 12.0)));
        assertThat(out.values()).isEmpty();
        assertThat(undeclared).containsExactly("ghost/events");
    }

    @Test
    void an_observation_that_keeps_the_rules_passes_unchanged_and_technical_messages_pass() {
        gate.declare("passers", MOTION);
        Observation o = obs("passers", Map.of("events", 9.0, "occupied", 0.4));
        assertThat(gate.release(o)).isSameAs(o);
        Gap g = new Gap("node-1", "passers", 2, T, T.plusSeconds(60), 1, "sensor-absent");
        assertThat(gate.release(g)).isSameAs(g);
    }

    @Test
    void a_message_the_gate_does_not_know_is_not_let_through() {
        assertThatThrownBy(() -> gate.release(new Receipt("node-1", 5, T))).hasMessageContaining("lets it through nowhere");
    }
}
