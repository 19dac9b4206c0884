package org.lantaarn.node.sensor.sound;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import org.lantaarn.config.StreamConfig;
import org.lantaarn.node.sensor.DriverContext;
import org.lantaarn.node.sensor.SensorDriver;
import org.lantaarn.node.sensor.SensorDriverProvider;
import org.lantaarn.node.sensor.SensorException;
import org.lantaarn.node.sensor.Settings;
import org.lantaarn.node.sensor.SourceFiles;

/**
 * {@code sound-level} / {@code microphone}, the default sound driver. Settings: {@code calibration} (dB SPL
 * of a full-scale RMS signal; default 120, replace it with the figure from a 94 dB calibrator),
 * {@code mixer} (part of the capture device's name; default the system's default device), or {@code file}
 * (a 16- or 24-bit PCM WAV file to replay instead of a microphone, or a named pipe a recorder writes a WAV
 * stream into in real time); {@code replay} ({@code realtime}, the default: a file is read at the pace of the
 * clock and its windows are the node's; {@code fast}: as fast as it can be read, windowed by the file's own
 * time counted from the minute the stream started); {@code clipping} (share of a second's samples at full
 * scale above which the window is flagged {@code clipping}; default 0.001); {@code openTimeout} (default 10s).
 * Nothing is opened here: the driver opens the source on its own thread.
 */
public final class SoundLevelProvider implements SensorDriverProvider {
    @Override
    public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
        return SoundLevelDriver.DISCLOSURES;
    }

    public static final double DEFAULT_CALIBRATION = 120.0;
    /** Default share of samples at full scale, in one second, that flags clipping. */
    public static final double DEFAULT_CLIPPING = 0.001;

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
        double clipping = Settings.number(stream, "clipping", DEFAULT_CLIPPING);
        if (!(clipping > 0 && clipping <= 1)) {
            throw new SensorException("stream " + stream.id() + ": setting clipping must be a share above 0 and at most 1: " + clipping);
        }
        Duration openTimeout = Settings.openTimeout(stream);
        String file = Settings.text(stream, "file", null);
        String mixer = Settings.text(stream, "mixer", null);
        String replay = Settings.text(stream, "replay", "realtime");
        if (!replay.equals("realtime") && !replay.equals("fast")) {
            throw new SensorException("stream " + stream.id() + ": setting replay must be realtime or fast: " + replay);
        }
        SoundLevelDriver.Options options = new SoundLevelDriver.Options(stream.id(), calibration, clipping, openTimeout);
        if (file == null) {
            return new SoundLevelDriver(() -> new CaptureSource(mixer), SoundLevelDriver.Kind.LIVE, null, options, context);
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new SensorException("stream " + stream.id() + ": setting file is not a path: " + e.getReason());
        }
        if (!Files.exists(path)) {
            throw new SensorException("no audio for stream " + stream.id() + ": " + file + " does not exist");
        }
        SoundLevelDriver.Kind kind = SourceFiles.isNamedPipe(path) ? SoundLevelDriver.Kind.PIPE
                : replay.equals("fast") ? SoundLevelDriver.Kind.FAST_REPLAY : SoundLevelDriver.Kind.REALTIME_REPLAY;
        return new SoundLevelDriver(() -> new WavFileSource(path), kind, path, options, context);
    }
}
