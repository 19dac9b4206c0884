package org.lantaarn.node.sensor.sound;

import java.io.IOException;
import java.nio.file.Path;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.Settings;

/**
 * {@code sound-level} / {@code microphone}, the default sound driver. Settings: {@code calibration} (dB SPL
 * of a full-scale RMS signal; default 120, replace it with the figure from a 94 dB calibrator),
 * {@code mixer} (part of the capture device's name; default the system's default device), or {@code file}
 * (a 16- or 24-bit PCM WAV file to replay instead of a microphone).
 */
public final class SoundLevelProvider implements SensorDriverProvider {
    public static final double DEFAULT_CALIBRATION = 120.0;

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

    /**
     * The same driver reading a live audio source that is not a sound card, such as the simulator's synthetic street
     * noise, which then passes through exactly the A-weighting, meter and plausibility checks a microphone's does.
     * The source is opened again (after a backoff) when it fails.
     */
    public static SensorDriver openOn(StreamConfig stream, DriverContext context, java.util.concurrent.Callable<AudioSource> audio)
            throws SensorException {
        double calibration = Settings.number(stream, "calibration", DEFAULT_CALIBRATION);
        SoundLevelDriver.Opener opener = () -> {
            try {
                return audio.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        };
        try {
            return new SoundLevelDriver(opener.open(), opener, true, calibration, context);
        } catch (IOException | RuntimeException e) {
            throw new SensorException("no audio for stream " + stream.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
        double calibration = Settings.number(stream, "calibration", DEFAULT_CALIBRATION);
        String file = Settings.text(stream, "file", null);
        String mixer = Settings.text(stream, "mixer", null);
        SoundLevelDriver.Opener opener = file != null ? () -> new WavFileSource(Path.of(file)) : () -> new CaptureSource(mixer);
        try {
            return new SoundLevelDriver(opener.open(), opener, file == null, calibration, context);
        } catch (IOException | RuntimeException e) {
            throw new SensorException("no audio for stream " + stream.id() + ": " + e.getMessage(), e);
        }
    }
}
