package org.lantaarn.node.sensor.sound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.NodeReadings;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.WindowSummary;
import org.lantaarn.node.testing.ManualClock;
import org.lantaarn.node.testing.ManualScheduler;

/**
 * Below 44.1 kHz the A-weighting is 5–6 dB off at high frequencies: such audio is refused unless the stream
 * accepts it as outside class 1, and then every window says so.
 */
class SampleRateRuleTest {
    private final ManualClock clock = ManualClock.at("2025-05-01T12:00:00Z");
    private final DriverContext context = new DriverContext("node-1", clock, new ManualScheduler(clock));

    private SensorDriver open(Path wav, Map<String, String> more) throws SensorException {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("file", wav.toString());
        return new SoundLevelProvider().open(new StreamConfig("noise", "sound-level", null, null, null, settings, null, null), context);
    }

    private static WindowSummary.Result oneSecondWindow(SensorDriver driver) {
        WindowSummary summary = driver.descriptor().summaries().get();
        Instant start = Instant.parse("2025-05-01T12:00:00Z");
        summary.sample(start, Map.of("LAeq1s", 60.0, "LAFmax1s", 62.0));
        return summary.complete(start, start.plusSeconds(1), NodeReadings.NONE);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8_000, 16_000, 22_050})
    void audio_below_44_1_kilohertz_is_refused_with_the_setting_that_would_accept_it(int rate, @TempDir Path dir) throws IOException {
        Path wav = dir.resolve("low.wav");
        writeSilenceWav(wav, rate);

        assertThatThrownBy(() -> open(wav, Map.of()))
                .isInstanceOf(SensorException.class)
                .hasMessageContaining("sampled at " + rate + " Hz, below the 44.1 kHz")
                .hasMessageContaining("acceptOutsideClass1: true");
    }

    @Test
    void audio_below_44_1_kilohertz_accepted_explicitly_is_measured_and_every_window_is_flagged(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("low.wav");
        writeSilenceWav(wav, 22_050);

        SensorDriver driver = open(wav, Map.of("acceptOutsideClass1", "true"));

        WindowSummary.Result r = oneSecondWindow(driver);
        assertThat(r.values()).containsKey("LAeq");
        assertThat(r.flags()).containsExactly(SampleRates.OUTSIDE_CLASS_1);
        driver.close();
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {44_100, 48_000})
    void audio_at_44_1_kilohertz_or_more_is_class_1_and_not_flagged(int rate, @TempDir Path dir) throws Exception {
        Path wav = dir.resolve("ok.wav");
        writeSilenceWav(wav, rate);

        SensorDriver driver = open(wav, Map.of());

        assertThat(oneSecondWindow(driver).flags()).isEmpty();
        driver.close();
    }

    private static void writeSilenceWav(Path file, float rate) throws IOException {
        int frames = (int) rate / 10;
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(new byte[frames * 2]), format, frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
