package org.lantaarn.node.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.config.cli.ConfigCli;
import org.lantaarn.config.settings.DriverCatalog;
import org.lantaarn.config.settings.DriverSettings;
import picocli.CommandLine;

/**
 * Every driver declares its settings, and {@code lantaarn-config validate} (and the node's own loading, which
 * uses the same loader) checks a configuration against those declarations with the real drivers installed.
 */
class DeclaredSettingsTest {

    private static List<String> names(Iterable<?> providers) {
        List<String> names = new java.util.ArrayList<>();
        providers.forEach(p -> names.add(p.getClass().getName()));
        return names;
    }

    @Test
    void every_installed_driver_provider_is_also_registered_as_a_settings_declaration() {
        List<String> drivers = names(ServiceLoader.load(SensorDriverProvider.class));
        List<String> declared = names(ServiceLoader.load(DriverSettings.class));

        assertThat(drivers).isNotEmpty();
        assertThat(declared).containsExactlyInAnyOrderElementsOf(drivers);
        assertThat(DriverCatalog.installed().drivers()).allSatisfy(d -> assertThat(d.settings()).isNotNull());
    }

    private static String config(String noiseSettings) {
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
                  - {id: climate, sensor: climate, settings: {bus: 1, address: 0x77}}
                  - {id: visitors, sensor: wifi-presence, settings: {source: /run/probes.pcap, timestamps: arrival}}
                  - {id: noise, sensor: sound-level, settings: {%s}}
                """.formatted(noiseSettings);
    }

    private static String validate(Path dir, String noiseSettings, int expectedExit) throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, config(noiseSettings));
        StringWriter out = new StringWriter();
        CommandLine cmd = ConfigCli.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        assertThat(cmd.execute("validate", file.toString())).as(out.toString()).isEqualTo(expectedExit);
        return out.toString().replace(file + ": ", "").strip();
    }

    @Test
    void validate_accepts_settings_the_real_drivers_declare(@TempDir Path dir) throws IOException {
        assertThat(validate(dir, "calibration: 117.4", 0)).startsWith("valid");
    }

    @Test
    void validate_refuses_a_misspelt_sound_setting_with_its_path(@TempDir Path dir) throws IOException {
        assertThat(validate(dir, "calibraton: 117", 1)).isEqualTo(
                "streams[2].settings.calibraton: unknown setting for sound-level/microphone; it takes calibration, mixer, file, replay,"
                        + " clipping, openTimeout, acceptOutsideClass1");
    }

    @Test
    void validate_refuses_a_sound_calibration_that_is_not_a_number_with_its_path(@TempDir Path dir) throws IOException {
        assertThat(validate(dir, "calibration: loud", 1)).startsWith("streams[2].settings.calibration: must be a number, not 'loud'");
    }

    @Test
    void validate_refuses_an_out_of_range_sound_calibration_with_its_path(@TempDir Path dir) throws IOException {
        assertThat(validate(dir, "calibration: -500", 1)).startsWith("streams[2].settings.calibration: must be between 60 and 200, not -500");
    }

    @Test
    void the_node_loading_its_configuration_refuses_the_same_settings(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, config("calibration: loud"));

        ConfigResult r = ConfigLoader.load(file);

        assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
        assertThat(((ConfigResult.Invalid) r).violations()).singleElement()
                .satisfies(v -> assertThat(v.path()).isEqualTo("streams[2].settings.calibration"));
    }
}
