package org.lantaarn.node.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.protocol.StreamHealth;

class StreamMonitorTest {
    private final ManualClock clock = ManualClock.at("2026-05-01T12:00:00Z");

    @Test
    void a_quiet_environment_stream_says_no_samples_but_a_quiet_person_stream_says_ok() {
        StreamMonitor air = new StreamMonitor("air", clock);
        StreamMonitor passers = new StreamMonitor("passers", clock);
        passers.countsPeople(true);
        assertThat(air.health(true).state()).isEqualTo(StreamMonitor.NO_SAMPLES);
        assertThat(passers.health(true).state()).isEqualTo(StreamMonitor.OK);
    }

    @Test
    void health_is_the_same_whether_one_person_or_nobody_passed() {
        StreamMonitor nobody = new StreamMonitor("passers", clock);
        StreamMonitor one = new StreamMonitor("passers", clock);
        nobody.countsPeople(true);
        one.countsPeople(true);
        one.event(Instant.parse("2026-05-01T12:00:41.127Z"), "events", 1);
        assertThat(one.health(true)).isEqualTo(nobody.health(true)).isEqualTo(new StreamHealth(0, "ok"));
        assertThat(one.delivered()).as("counted locally, never reported").isEqualTo(1);
    }

    @Test
    void faults_make_the_state_sensor_fault_and_are_counted() {
        StreamMonitor air = new StreamMonitor("air", clock);
        air.sample(null, Map.of("temperature", 20.0));
        air.fault(null, "checksum");
        air.countFault();
        assertThat(air.health(true)).isEqualTo(new StreamHealth(2, StreamMonitor.SENSOR_FAULT));
    }
}
