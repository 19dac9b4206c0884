package org.lantaarn.node.sensor.sound;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A-weighted sound levels from audio samples (full scale ±1.0): every second of audio becomes one
 * {@link Second}: LAeq,1s from the mean square of the A-weighted samples, and LAFmax,1s, the highest
 * Fast (125 ms exponential) time-weighted level in that second. {@code calibration} is the sound pressure
 * level in dB re 20 µPa of a signal whose RMS is full scale (1.0), found by calibrating the microphone with
 * a 94 dB calibrator. Samples are squared and summed, never kept. Not thread-safe: one audio thread feeds it.
 */
public final class SoundLevelMeter {
    /** IEC 61672-1 Fast time constant. */
    public static final double FAST_TAU_SECONDS = 0.125;

    /** One second of audio: its LAeq and its LAFmax, in dB. */
    public record Second(double laeq, double lafmax) {}

    private final AWeighting filter;
    private final double calibration;
    private final Consumer<Second> out;
    private final int samplesPerSecond;
    private final double fastAlpha;
    private double fast;
    private double sumSquares;
    private double maxFast;
    private int n;

    public SoundLevelMeter(double sampleRate, double calibration, Consumer<Second> out) {
        this.filter = new AWeighting(sampleRate);
        this.calibration = calibration;
        this.out = Objects.requireNonNull(out, "out");
        this.samplesPerSecond = (int) Math.round(sampleRate);
        this.fastAlpha = 1 - Math.exp(-1 / (sampleRate * FAST_TAU_SECONDS));
    }

    /** Feeds {@code count} samples. */
    public void accept(double[] samples, int count) {
        for (int i = 0; i < count; i++) {
            double y = filter.process(samples[i]);
            double sq = y * y;
            sumSquares += sq;
            fast += (sq - fast) * fastAlpha;
            maxFast = Math.max(maxFast, fast);
            if (++n == samplesPerSecond) {
                out.accept(new Second(level(sumSquares / n), level(maxFast)));
                sumSquares = 0;
                maxFast = 0;
                n = 0;
            }
        }
    }

    private double level(double meanSquare) {
        return 10 * Math.log10(Math.max(meanSquare, 1e-20)) + calibration;
    }
}
