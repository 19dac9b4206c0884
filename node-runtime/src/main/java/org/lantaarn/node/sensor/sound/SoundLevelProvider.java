package org.lantaarn.node.sensor.sound;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
 * {@code acceptOutsideClass1} (default false: audio sampled below 44.1 kHz is refused; true measures it and flags
 * its windows {@code outside-class-1}). Nothing is opened here but a regular file's header (to refuse a low sample
 * rate at once); the driver opens the source on its own thread, where a pipe's or microphone's rate is checked.
 */
public final class SoundLevelProvider implements SensorDriverProvider {
    @Override
    public java.util.Map<String, org.lantaarn.node.sensor.Disclosure> disclosures() {
        return SoundLevelDriver.DISCLOSURES;
    }

    public static final double DEFAULT_CALIBRATION = 120.0;
    /** Default share of samples at full scale, in one second, that flags clipping. */
    public static final double DEFAULT_CLIPPING = 0.001;

    /** The settings this driver reads. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.number("calibration", 60, 200,
                    "dB SPL of a full-scale RMS signal, from a 94 dB calibrator; default " + (int) DEFAULT_CALIBRATION),
            Setting.text("mixer", "part of the capture device's name; default the system's default device"),
            Setting.text("file", "a 16- or 24-bit PCM WAV file to replay instead of a microphone, or a named pipe a recorder writes a WAV stream into"),
            Setting.choice("replay", "how a file is replayed: realtime (default, paced by the clock) or fast (windowed by the file's own time)",
                    "realtime", "fast"),
            Setting.number("clipping", 0.000001, 1, "share of a second's samples at full scale above which the stream is flagged clipping; default "
                    + DEFAULT_CLIPPING),
            Settings.OPEN_TIMEOUT_SETTING,
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

    /**
     * The same driver reading a live audio source that is not a sound card, such as the simulator's synthetic street
     * noise, which then passes through exactly the sample-rate check, A-weighting, meter and plausibility checks a
     * microphone's does: opened on the driver's own thread, opened again (after a backoff) when it fails. Settings as
     * for a microphone ({@code calibration}, {@code clipping}, {@code openTimeout}, {@code acceptOutsideClass1}).
     */
    public static SensorDriver openOn(StreamConfig stream, DriverContext context, java.util.concurrent.Callable<AudioSource> audio)
            throws SensorException {
        java.util.Objects.requireNonNull(audio, "audio");
        SoundLevelDriver.Opener opener = () -> {
            try {
                return audio.call();
            } catch (java.io.IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.io.IOException(e.getMessage(), e);
            }
        };
        return new SoundLevelDriver(opener, SoundLevelDriver.Kind.LIVE, null, options(stream), context);
    }

    private static SoundLevelDriver.Options options(StreamConfig stream) throws SensorException {
        double calibration = Settings.number(stream, "calibration", DEFAULT_CALIBRATION);
        double clipping = Settings.number(stream, "clipping", DEFAULT_CLIPPING);
        if (!(clipping > 0 && clipping <= 1)) {
            throw new SensorException("stream " + stream.id() + ": setting clipping must be a share above 0 and at most 1: " + clipping);
        }
        boolean acceptOutsideClass1 = Boolean.parseBoolean(Settings.text(stream, "acceptOutsideClass1", "false"));
        return new SoundLevelDriver.Options(stream.id(), calibration, clipping, Settings.openTimeout(stream), acceptOutsideClass1);
    }

    @Override
    public SensorDriver open(StreamConfig stream, DriverContext context) throws SensorException {
        SoundLevelDriver.Options options = options(stream);
        boolean acceptOutsideClass1 = options.acceptOutsideClass1();
        String file = Settings.text(stream, "file", null);
        String mixer = Settings.text(stream, "mixer", null);
        String replay = Settings.text(stream, "replay", "realtime");
        if (!replay.equals("realtime") && !replay.equals("fast")) {
            throw new SensorException("stream " + stream.id() + ": setting replay must be realtime or fast: " + replay);
        }
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
        if (SourceFiles.isNamedPipe(path)) {
            return new SoundLevelDriver(() -> new WavFileSource(path), SoundLevelDriver.Kind.PIPE, path, options, context);
        }
        // A regular file never blocks: its sample rate is checked here, so a recording below class 1 is refused at once.
        boolean outsideClass1;
        try (AudioSource header = new WavFileSource(path)) {
            SampleRates.check(header.sampleRate(), acceptOutsideClass1, stream.id(), header.describe());
            outsideClass1 = !SampleRates.isClass1(header.sampleRate());
        } catch (java.io.IOException | RuntimeException e) {
            throw new SensorException("no audio for stream " + stream.id() + ": " + e.getMessage(), e);
        }
        SoundLevelDriver.Kind kind = replay.equals("fast") ? SoundLevelDriver.Kind.FAST_REPLAY : SoundLevelDriver.Kind.REALTIME_REPLAY;
        return new SoundLevelDriver(() -> new WavFileSource(path), kind, path, options, context, outsideClass1);
    }
}
