package org.lantaarn.node.sensor.sound;

/**
 * The IEC 61672-1 A-weighting as a digital filter for a given sample rate: the standard's analogue
 * poles (20.598997, 107.65265, 737.86223 and 12194.217 Hz; four zeros at 0 Hz) mapped by the bilinear
 * transform with each pole prewarped to its own frequency, as three biquads, normalised to 0 dB at
 * 1 kHz. Prewarping keeps each pole at its frequency but not the curve between them: at 48 kHz the filter
 * reads −19.17 dB at 100 Hz (analogue −19.14) and −1.90 dB at 10 kHz (analogue −2.49), well inside
 * class 1 (+2.6 dB there). Not thread-safe: one
 * audio thread feeds it.
 */
public final class AWeighting {
    /** The analogue poles of IEC 61672-1 (annex E), in Hz. */
    public static final double F1 = 20.598997, F2 = 107.65265, F3 = 737.86223, F4 = 12194.217;

    private final double fs;
    private final double gain;
    private final double[][] b = new double[3][];
    private final double[][] a = new double[3][];
    private final double[][] state = new double[3][2];

    public AWeighting(double sampleRate) {
        if (!(sampleRate >= 8000 && sampleRate <= 384_000)) {
            throw new IllegalArgumentException("A-weighting needs a sample rate of 8 to 384 kHz: " + sampleRate);
        }
        this.fs = sampleRate;
        double p1 = pole(F1), p2 = pole(F2), p3 = pole(F3), p4 = pole(F4);
        section(0, 1, 1, p1, p1);
        section(1, 1, 1, p2, p3);
        section(2, -1, -1, p4, p4);
        this.gain = 1.0 / unscaledMagnitude(1000.0);
    }

    /**
     * Bilinear image of the real analogue pole at {@code -2πf}, prewarped so it keeps its frequency; a pole
     * near or above half the sample rate (12194 Hz at 22.05 kHz) cannot be prewarped and is mapped as it is.
     */
    private double pole(double f) {
        double w = f < 0.45 * fs ? 2 * fs * Math.tan(Math.PI * f / fs) : 2 * Math.PI * f;
        return (2 * fs - w) / (2 * fs + w);
    }

    private void section(int i, double z1, double z2, double p1, double p2) {
        b[i] = new double[] {1, -(z1 + z2), z1 * z2};
        a[i] = new double[] {1, -(p1 + p2), p1 * p2};
    }

    private double unscaledMagnitude(double f) {
        double w = 2 * Math.PI * f / fs;
        double mag = 1;
        for (int i = 0; i < 3; i++) {
            mag *= Math.hypot(b[i][0] + b[i][1] * Math.cos(-w) + b[i][2] * Math.cos(-2 * w), b[i][1] * Math.sin(-w) + b[i][2] * Math.sin(-2 * w))
                    / Math.hypot(a[i][0] + a[i][1] * Math.cos(-w) + a[i][2] * Math.cos(-2 * w), a[i][1] * Math.sin(-w) + a[i][2] * Math.sin(-2 * w));
        }
        return mag;
    }

    /** The filter's gain at {@code f} Hz, in dB (exact, from the coefficients). */
    public double responseDb(double f) {
        return 20 * Math.log10(gain * unscaledMagnitude(f));
    }

    /** The IEC 61672-1 analogue A-weighting at {@code f} Hz in dB, normalised at 1 kHz (the design target). */
    public static double analogueDb(double f) {
        double f2 = f * f;
        double ra = (F4 * F4 * f2 * f2) / ((f2 + F1 * F1) * Math.sqrt((f2 + F2 * F2) * (f2 + F3 * F3)) * (f2 + F4 * F4));
        double ra1k = (F4 * F4 * 1e12) / ((1e6 + F1 * F1) * Math.sqrt((1e6 + F2 * F2) * (1e6 + F3 * F3)) * (1e6 + F4 * F4));
        return 20 * Math.log10(ra / ra1k);
    }

    /** Filters one sample (transposed direct form II per section). */
    public double process(double x) {
        double y = x * gain;
        for (int i = 0; i < 3; i++) {
            double[] s = state[i];
            double out = b[i][0] * y + s[0];
            s[0] = b[i][1] * y - a[i][1] * out + s[1];
            s[1] = b[i][2] * y - a[i][2] * out;
            y = out;
        }
        return y;
    }

    public double sampleRate() {
        return fs;
    }
}
