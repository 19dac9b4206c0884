package org.lantaarn.node.sensor.sound;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** A WAV file (signed 16- or 24-bit PCM, any common rate, first channel) replayed as fast as it is read. */
public final class WavFileSource implements AudioSource {
    private final Path file;
    private final AudioInputStream in;
    private final PcmDecoder decoder;
    private byte[] buf = new byte[0];

    public WavFileSource(Path file) throws IOException {
        this.file = file;
        // One stream, opened once, handed to the audio readers: given a File, AudioSystem opens it once per reader it
        // tries, and a named pipe loses its header to the first of them.
        java.io.InputStream raw = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 64 * 1024);
        try {
            this.in = AudioSystem.getAudioInputStream(raw);
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
            raw.close();
            throw new IOException(file + " is not a WAV file Java can read: " + e.getMessage(), e);
        }
        try {
            this.decoder = new PcmDecoder(in.getFormat());
        } catch (IllegalArgumentException e) {
            in.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public float sampleRate() {
        return in.getFormat().getSampleRate();
    }

    @Override
    public int read(double[] into) throws IOException {
        int want = into.length * decoder.frameSize();
        if (buf.length < want) {
            buf = new byte[want];
        }
        int got = in.readNBytes(buf, 0, want);
        int frames = got / decoder.frameSize();
        if (frames == 0) {
            return -1;
        }
        decoder.decode(buf, frames, into);
        return frames;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to release
        }
    }
}
