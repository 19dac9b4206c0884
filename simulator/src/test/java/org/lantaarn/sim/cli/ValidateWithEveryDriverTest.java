package org.lantaarn.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.cli.ConfigCli;
import org.lantaarn.config.settings.DriverCatalog;
import picocli.CommandLine;

/**
 * {@code ./lantaarn config validate} runs on this module's class path (the launcher's {@code simulator/target/lib}):
 * the hardware drivers and the simulated ones are all there, so both kinds of setting are checked.
 */
class ValidateWithEveryDriverTest {

    @Test
    void the_launchers_class_path_has_the_hardware_and_the_simulated_drivers() {
        assertThat(DriverCatalog.installed().drivers()).extracting(d -> d.sensor() + "/" + d.driver())
                .contains("climate/bme280", "sound-level/microphone", "wifi-presence/pcap", "particulates/sds011",
                        "climate/simulated", "motion/simulated", "particulates/simulated");
    }

    @Test
    void validate_refuses_a_hardware_setting_on_a_simulated_stream_and_a_bad_sound_setting_with_their_paths(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                schema: lantaarn.config/1
                node: lp-1
                site: centre
                version: 1
                location: {lat: 52.0, lon: 5.0}
                purpose: measure the street
                legalGround: public task
                uplink: {broker: "tcp://localhost:1883"}
                streams:
                  - {id: passers, sensor: motion, driver: simulated, settings: {peakRate: 3, pin: 17}}
                  - {id: air, sensor: climate, driver: simulated, settings: {faultRate: 2}}
                  - {id: noise, sensor: sound-level, settings: {calibration: loud}}
                """);
        StringWriter out = new StringWriter();
        CommandLine cmd = ConfigCli.commandLine();
        cmd.setOut(new PrintWriter(out, true));

        int code = cmd.execute("validate", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString().lines().map(l -> l.replace(file + ": ", ""))).containsExactly(
                "streams[0].settings.pin: unknown setting for motion/simulated; it takes faultRate, seed, peakRate",
                "streams[1].settings.faultRate: must be between 0 and 1, not 2 (the share of reads that fail; default 0.001)",
                "streams[2].settings.calibration: must be a number, not 'loud' (dB SPL of a full-scale RMS signal, from a 94 dB"
                        + " calibrator; default 120)");
    }
}
