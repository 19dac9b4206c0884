package org.lantaarn.node.sensor.sound;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.config.settings.Setting;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.Settings;

/**
 * {@code sound-level} / {@code microphone}, the default sound driver. Settings: {@code calibration} (dB SPL
 * of a full-scale RMS signal; default 120, replace it with the figure from a 94 dB calibrator),
 * {@code mixer} (part of the capture device's name; default the system's default device), or {@code file}
 * (a 16- or 24-bit PCM WAV file to replay instead of a microphone), {@code acceptOutsideClass1} (default
 * false: audio sampled below 44.1 kHz is refused; true measures it and flags its windows {@code outside-class-1}).
 */
public final class SoundLevelProvider implements SensorDriverProvider {
    public static final double DEFAULT_CALIBRATION = 120.0;

    /** The settings this driver reads. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.number("calibration", 60, 200,
                    "dB SPL of a full-scale RMS signal, from a 94 dB calibrator; default " + (int) DEFAULT_CALIBRATION),
            Setting.text("mixer", "part of the capture device's name; default the system's default device"),
            Setting.text("file", "a 16- or 24-bit PCM WAV file to replay instead of a microphone"),
            Setting.flag("acceptOutsideClass1",
                    "measure audio sampled below 44.1 kHz anyway, its windows flagged " + SampleRates.OUTSIDE_CLASS_1 + "; default false"));

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Map<String, String> crossCheck(Map<String, String> values) {
        return values.containsKey("file") && values.containsKey("mixer")
                ? Map.of("mixer", "give either file (a recording) or mixer (a microphone), not both")
                : Map.of();
    }

    @Override
    public String sensor() {
        return "sound-level";
    }

    @Override
    public String driver() {
        return "microphone";
    }

    @Override
    public boolean isDefaultForSensor() {
        return true;
    }

    @Override
    public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
        double calibration = Settings.number(stream, "calibration", DEFAULT_CALIBRATION);
        String file = Settings.text(stream, "file", null);
        String mixer = Settings.text(stream, "mixer", null);
        boolean acceptOutsideClass1 = Boolean.parseBoolean(Settings.text(stream, "acceptOutsideClass1", "false"));
        SoundLevelDriver.Opener opener = file != null ? () -> new WavFileSource(Path.of(file)) : () -> new CaptureSource(mixer);
        AudioSource first;
        try {
            first = opener.open();
        } catch (IOException | RuntimeException e) {
            throw new SensorException("no audio for stream " + stream.id() + ": " + e.getMessage(), e);
        }
        try {
            SampleRates.check(first.sampleRate(), acceptOutsideClass1, stream.id(), first.describe());
        } catch (SensorException e) {
            first.close();
            throw e;
        }
        return new SoundLevelDriver(first, opener, file == null, calibration, context);
    }
}
