package org.lantaarn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HardwareProfileTest {
    private static final String LAMPPOST = """
            schema: lantaarn.config/1
            node: lp-1
            site: centre
            version: 1
            location: {lat: 52.0, lon: 5.0}
            purpose: measure the street
            legalGround: public task
            uplink: {broker: "tcp://localhost:1883"}
            profile: lamppost-v1
            streams:
              - {id: air, sensor: climate}
              - {id: dust, sensor: particulates}
              - {id: passers, sensor: motion, settings: {holdTime: 8s}}
              - {id: rain, sensor: rain}
              - {id: noise, sensor: sound-level}
              - {id: sim, sensor: climate, driver: simulated}
            """;

    @Test
    void a_profile_fills_in_driver_and_bus_settings_and_the_stream_overrides_one_by_one() {
        NodeConfig c = ((ConfigResult.Valid) ConfigLoader.parse(Documents.bytes(LAMPPOST))).config();
        StreamConfig air = c.stream("air").orElseThrow();
        assertThat(air.driver()).isEqualTo("bme280");
        assertThat(air.settings()).isEqualTo(Map.of("bus", "1", "address", "0x76"));
        assertThat(c.stream("dust").orElseThrow().settings()).containsEntry("device", "/dev/serial0");
        StreamConfig passers = c.stream("passers").orElseThrow();
        assertThat(passers.driver()).isEqualTo("pir");
        assertThat(passers.settings()).containsEntry("pin", "17").containsEntry("holdTime", "8s");
        assertThat(c.stream("rain").orElseThrow().settings()).containsEntry("pin", "27").containsEntry("mmPerTip", "0.2794");
        assertThat(c.stream("noise").orElseThrow().driver()).isEqualTo("microphone");
        // A stream that names another driver keeps its own settings.
        StreamConfig sim = c.stream("sim").orElseThrow();
        assertThat(sim.driver()).isEqualTo("simulated");
        assertThat(sim.settings()).isEmpty();
    }

    @Test
    void an_unknown_profile_is_a_violation_that_lists_the_known_ones() {
        ConfigResult r = ConfigLoader.parse(Documents.bytes(LAMPPOST.replace("lamppost-v1", "lamppost-v9")));
        assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
        assertThat(((ConfigResult.Invalid) r).violations())
                .containsExactly(new Violation("profile", "must be a known hardware profile: " + List.of("lamppost-v1")));
    }
}
