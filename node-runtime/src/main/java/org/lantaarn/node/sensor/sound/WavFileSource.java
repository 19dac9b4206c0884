package org.lantaarn.node.sensor.sound;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.lantaarn.node.sensor.SourceFiles;

/**
 * A WAV stream (signed 16- or 24-bit PCM, any common rate, first channel) from a file or a named pipe. The path
 * is opened exactly once, as one channel, and handed to the audio reader as one buffered stream:
 * {@code AudioSystem.getAudioInputStream(File)} would open the path once per installed reader, and a named pipe
 * loses its header to the first of them. Opening blocks on a named pipe until its writer comes; call it on the
 * reader's thread. Not thread-safe, except {@link #close()}, which ends a blocked read.
 */
public final class WavFileSource implements AudioSource {
    private final Path file;
    private final FileChannel channel;
    private final AudioInputStream in;
    private final PcmDecoder decoder;
    private byte[] buf = new byte[0];

    public WavFileSource(Path file) throws IOException {
        this.file = file;
        this.channel = SourceFiles.open(file);
        try {
            InputStream one = new BufferedInputStream(SourceFiles.stream(channel), 64 * 1024); // mark/reset for the header probes
            this.in = AudioSystem.getAudioInputStream(one);
            this.decoder = new PcmDecoder(in.getFormat());
        } catch (UnsupportedAudioFileException e) {
            channel.close();
            throw new IOException(file + " is not a WAV stream Java can read: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IOException e) {
            channel.close();
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
            channel.close(); // first: a read blocked on a named pipe returns
            in.close();
        } catch (IOException e) {
            // nothing to release
        }
    }
}
