package org.lantaarn.node.sensor.sound;

import javax.sound.sampled.AudioFormat;

/** Decodes signed 16- or 24-bit PCM frames (either byte order, any channel count) to the first channel's samples. */
final class PcmDecoder {
    private final int bytesPerSample;
    private final int frameSize;
    private final boolean bigEndian;
    private final double fullScale;

    PcmDecoder(AudioFormat f) {
        if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || (f.getSampleSizeInBits() != 16 && f.getSampleSizeInBits() != 24)) {
            throw new IllegalArgumentException("audio must be signed 16- or 24-bit PCM, not " + f);
        }
        this.bytesPerSample = f.getSampleSizeInBits() / 8;
        this.frameSize = f.getFrameSize();
        this.bigEndian = f.isBigEndian();
        this.fullScale = f.getSampleSizeInBits() == 16 ? 32768.0 : 8388608.0;
    }

    int frameSize() {
        return frameSize;
    }

    /** Decodes {@code frames} frames from {@code bytes} into {@code out}. */
    void decode(byte[] bytes, int frames, double[] out) {
        for (int i = 0; i < frames; i++) {
            int o = i * frameSize;
            int v = 0;
            for (int k = 0; k < bytesPerSample; k++) {
                int b = bytes[o + (bigEndian ? k : bytesPerSample - 1 - k)];
                v = k == 0 ? b : (v << 8) | (b & 0xFF); // the first (most significant) byte keeps its sign
            }
            out[i] = v / fullScale;
        }
    }
}
