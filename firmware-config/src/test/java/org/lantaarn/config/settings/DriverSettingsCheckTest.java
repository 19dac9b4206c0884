package org.lantaarn.config.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.Violation;

/** The configuration loader checks each stream's settings against what its driver declares. */
class DriverSettingsCheckTest {

    /** A driver declaring a little of everything, like the sound driver does. */
    private record Declared(String sensor, String driver, boolean isDefaultForSensor, List<Setting> settings) implements DriverSettings {
        @Override
        public Map<String, String> crossCheck(Map<String, String> values) {
            return values.containsKey("file") && values.containsKey("mixer") ? Map.of("mixer", "give either file or mixer, not both") : Map.of();
        }
    }

    private static final DriverCatalog DRIVERS = DriverCatalog.of(List.of(
            new Declared("sound-level", "microphone", true, List.of(
                    Setting.number("calibration", 60, 200, "dB SPL of a full-scale RMS signal"),
                    Setting.text("file", ""),
                    Setting.text("mixer", ""),
                    Setting.flag("acceptOutsideClass1", ""))),
            new Declared("wifi-presence", "pcap", true, List.of(
                    Setting.text("source", "a pcap file").mustBeGiven(),
                    Setting.integer("rssiMin", -127, 0, "dBm"),
                    Setting.choice("timestamps", "", "capture", "arrival"))),
            new Declared("motion", "pir", true, List.of(
                    Setting.integer("pin", 0, 53, "BCM"),
                    Setting.duration("holdTime", Duration.ZERO, Duration.ofMinutes(10), ""))),
            new Declared("motion", "simulated", false, List.of(Setting.number("peakRate", 0, 10_000, "")))));

    private static String document(String streams) {
        return """
                schema: lantaarn.config/1
                node: lp-1
                site: centre
                version: 1
                location: {lat: 52.0, lon: 5.0}
                purpose: measure the street
                legalGround: public task
                uplink: {broker: "tcp://localhost:1883"}
                streams:
                """ + streams;
    }

    private static ConfigResult check(String streams) {
        return ConfigLoader.parse(document(streams).getBytes(StandardCharsets.UTF_8), DRIVERS);
    }

    private static List<String> violations(String streams) {
        ConfigResult r = check(streams);
        assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
        return ((ConfigResult.Invalid) r).violations().stream().map(Violation::toString).toList();
    }

    private static final String TWO_STREAMS = """
              - {id: people, sensor: motion, settings: {pin: 17}}
              - {id: visitors, sensor: wifi-presence, settings: {source: /run/probes.pcap}}
            """;

    @Test
    void accepts_settings_that_their_drivers_declare() {
        assertThat(check(TWO_STREAMS + """
                  - {id: noise, sensor: sound-level, settings: {calibration: 117.4, mixer: USB, acceptOutsideClass1: true}}
                  - {id: m2, sensor: motion, driver: pir, settings: {pin: "0x11", holdTime: 8s}}
                """)).isInstanceOf(ConfigResult.Valid.class);
    }

    @Test
    void refuses_a_misspelt_setting_with_its_path_and_the_settings_the_driver_takes() {
        assertThat(violations(TWO_STREAMS + """
                  - {id: noise, sensor: sound-level, settings: {calibraton: 117}}
                """)).containsExactly("streams[2].settings.calibraton: unknown setting for sound-level/microphone;"
                + " it takes calibration, file, mixer, acceptOutsideClass1");
    }

    @Test
    void refuses_a_setting_of_the_wrong_type_with_its_path() {
        assertThat(violations(TWO_STREAMS + """
                  - {id: noise, sensor: sound-level, settings: {calibration: loud}}
                """)).containsExactly(
                "streams[2].settings.calibration: must be a number, not 'loud' (dB SPL of a full-scale RMS signal)");
    }

    @Test
    void refuses_an_out_of_range_setting_with_its_path() {
        assertThat(violations(TWO_STREAMS + """
                  - {id: noise, sensor: sound-level, settings: {calibration: -500}}
                """)).containsExactly(
                "streams[2].settings.calibration: must be between 60 and 200, not -500 (dB SPL of a full-scale RMS signal)");
    }

    @Test
    void refuses_wrong_integers_choices_flags_and_durations_by_name() {
        assertThat(violations("""
                  - {id: people, sensor: motion, settings: {pin: 99, holdTime: forever}}
                  - {id: visitors, sensor: wifi-presence, settings: {source: /p, rssiMin: -75.5, timestamps: now}}
                  - {id: noise, sensor: sound-level, settings: {acceptOutsideClass1: yes please}}
                """)).containsExactly(
                "streams[0].settings.pin: must be between 0 and 53, not 99 (BCM)",
                "streams[0].settings.holdTime: must be a duration such as 50ms, 8s or 5m, not 'forever'",
                "streams[1].settings.rssiMin: must be a whole number (0x.. for hexadecimal), not '-75.5' (dBm)",
                "streams[1].settings.timestamps: must be one of capture, arrival, not 'now'",
                "streams[2].settings.acceptOutsideClass1: must be true or false, not 'yes please'");
    }

    @Test
    void refuses_a_missing_required_setting_at_the_path_where_it_belongs() {
        assertThat(violations("""
                  - {id: visitors, sensor: wifi-presence}
                """)).containsExactly("streams[0].settings.source: is required by wifi-presence/pcap: a pcap file");
    }

    @Test
    void applies_the_drivers_rules_across_settings() {
        assertThat(violations("""
                  - {id: noise, sensor: sound-level, settings: {file: a.wav, mixer: USB}}
                """)).containsExactly("streams[0].settings.mixer: give either file or mixer, not both");
    }

    @Test
    void checks_the_named_driver_not_the_default_one() {
        assertThat(violations("""
                  - {id: people, sensor: motion, driver: simulated, settings: {pin: 17}}
                """)).containsExactly("streams[0].settings.pin: unknown setting for motion/simulated; it takes peakRate");
    }

    @Test
    void leaves_the_settings_of_a_driver_that_is_not_installed_here_to_the_node_that_runs_it() {
        assertThat(check("""
                  - {id: people, sensor: motion, driver: radar, settings: {range: 12}}
                """)).isInstanceOf(ConfigResult.Valid.class);
    }

    @Test
    void checks_nothing_for_a_kind_without_installed_drivers() {
        assertThat(check("""
                  - {id: air, sensor: particulates, driver: anything, settings: {whatever: 1}}
                """)).isInstanceOf(ConfigResult.Valid.class);
    }

    @Test
    void reports_settings_violations_in_document_order_among_the_others() {
        assertThat(violations("""
                  - {id: noise, sensor: sound-level, window: 7m, settings: {calibration: loud}, colour: red}
                """)).containsExactly(
                "streams[0].window: must divide a day evenly, so that windows align on the clock (e.g. 1m, 5m, 15m, 1h); 7m does not",
                "streams[0].settings.calibration: must be a number, not 'loud' (dB SPL of a full-scale RMS signal)",
                "streams[0].colour: unknown field");
    }
}
