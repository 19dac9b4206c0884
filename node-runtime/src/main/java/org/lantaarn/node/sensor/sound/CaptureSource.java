package org.lantaarn.node.sensor.sound;

import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * A capture device through {@code javax.sound.sampled} (ALSA on the Pi; a USB microphone), 48 kHz mono
 * signed 16-bit. {@code mixer}, when given, picks the device whose name contains it.
 */
public final class CaptureSource implements AudioSource {
    public static final float RATE = 48_000f;
    private static final AudioFormat FORMAT = new AudioFormat(RATE, 16, 1, true, false);

    private final TargetDataLine line;
    private final PcmDecoder decoder = new PcmDecoder(FORMAT);
    private final String name;
    private byte[] buf = new byte[0];

    public CaptureSource(String mixer) throws IOException {
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, FORMAT);
        try {
            TargetDataLine l = null;
            String found = "default capture device";
            if (mixer != null && !mixer.isBlank()) {
                for (Mixer.Info m : AudioSystem.getMixerInfo()) {
                    if (m.getName().contains(mixer) && AudioSystem.getMixer(m).isLineSupported(info)) {
                        l = (TargetDataLine) AudioSystem.getMixer(m).getLine(info);
                        found = m.getName();
                        break;
                    }
                }
                if (l == null) {
                    throw new IOException("no capture device named like '" + mixer + "'");
                }
            } else {
                l = (TargetDataLine) AudioSystem.getLine(info);
            }
            l.open(FORMAT, (int) RATE / 5 * 2);
            l.start();
            this.line = l;
            this.name = found;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IOException("no microphone for 48 kHz mono 16-bit capture: " + e.getMessage(), e);
        }
    }

    @Override
    public float sampleRate() {
        return RATE;
    }

    @Override
    public int read(double[] into) {
        int want = into.length * 2;
        if (buf.length < want) {
            buf = new byte[want];
        }
        int got = line.read(buf, 0, want);
        int frames = got / 2;
        decoder.decode(buf, frames, into);
        return frames;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        line.stop();
        line.close();
    }
}
