package org.lantaarn.node.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** WAV files for the sound tests: 16-bit mono PCM tones whose level changes every second. */
public final class Wavs {
    /** Calibration the tests use: a full-scale RMS signal is 120 dB. */
    public static final double CALIBRATION = 120.0;

    private Wavs() {}

    /** Peak amplitude (full scale 1.0) of a sine whose level is {@code db} with {@link #CALIBRATION}. */
    public static double amplitudeFor(double db) {
        return Math.sqrt(2) * Math.pow(10, (db - CALIBRATION) / 20);
    }

    /** A 1 kHz tone at 48 kHz whose level in second {@code s} is {@code levels[s % levels.length]} dB, for {@code seconds} seconds. */
    public static byte[] tones(int seconds, double... levels) {
        int rate = 48_000;
        byte[] data = new byte[rate * seconds * 2];
        for (int i = 0; i < rate * seconds; i++) {
            double a = amplitudeFor(levels[(i / rate) % levels.length]);
            int v = (int) Math.round(a * Math.sin(2 * Math.PI * 1000 * i / (double) rate) * 32767);
            data[2 * i] = (byte) v;
            data[2 * i + 1] = (byte) (v >> 8);
        }
        return wav(data, rate);
    }

    /** 16-bit mono little-endian {@code pcm} at {@code rate} as a WAV file's bytes. */
    public static byte[] wav(byte[] pcm, int rate) {
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 2)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Makes a named pipe at {@code path} with mkfifo. */
    public static Path mkfifo(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("mkfifo " + path + " failed");
            }
            return path;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
