package org.lantaarn.node.sensor.sound;

import java.io.IOException;

/** Mono audio samples, full scale ±1.0. Not thread-safe: one audio thread reads it. */
public interface AudioSource extends AutoCloseable {
    float sampleRate();

    /** Reads up to {@code into.length} samples; returns how many, or −1 at the end of a file. Blocks on a live device. */
    int read(double[] into) throws IOException;

    /** Where the audio comes from, for messages. */
    String describe();

    @Override
    void close();
}
