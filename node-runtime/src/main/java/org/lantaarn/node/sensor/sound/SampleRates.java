package org.lantaarn.node.sensor.sound;

import org.lantaarn.node.sensor.SensorException;

/**
 * The sample rates a class 1 sound level needs. Below 44.1 kHz the digital A-weighting cannot follow the
 * standard's curve at high frequencies (5–6 dB off at 8–22.05 kHz), so such audio is refused unless the stream
 * accepts it with {@code acceptOutsideClass1: true}; its windows then carry the {@value #OUTSIDE_CLASS_1} flag.
 */
public final class SampleRates {
    /** The lowest sample rate at which the A-weighting stays within IEC 61672 class 1. */
    public static final float CLASS_1_MIN_RATE = 44_100f;
    /** The quality flag on windows of audio sampled below {@link #CLASS_1_MIN_RATE}. */
    public static final String OUTSIDE_CLASS_1 = "outside-class-1";

    private SampleRates() {}

    /** True when audio at {@code rate} is within class 1. */
    public static boolean isClass1(float rate) {
        return rate >= CLASS_1_MIN_RATE;
    }

    /** Refuses audio below class 1 unless {@code accepted}; {@code what} names the source for the message. */
    static void check(float rate, boolean accepted, String stream, String what) throws SensorException {
        if (!isClass1(rate) && !accepted) {
            throw new SensorException(refusal(rate, stream, what));
        }
    }

    /** Why audio at {@code rate} is refused: names the rate, the limit and the setting that would accept it. */
    static String refusal(float rate, String stream, String what) {
        return String.format(java.util.Locale.ROOT,
                "stream %s: %s is sampled at %.0f Hz, below the 44.1 kHz a class 1 sound level needs (the A-weighting"
                        + " is up to 6 dB off there); set acceptOutsideClass1: true to measure it anyway, flagged %s",
                stream, what, rate, OUTSIDE_CLASS_1);
    }
}
