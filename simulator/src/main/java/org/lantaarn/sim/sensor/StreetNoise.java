package org.lantaarn.sim.sensor;

import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import org.lantaarn.node.sensor.sound.AudioSource;

/**
 * Synthetic street noise as live PCM: Gaussian noise whose level follows {@code levelDb} (dB SPL at an instant),
 * scaled with the microphone's {@code calibration} (dB SPL of a full-scale RMS signal), written at {@code rate}
 * samples a second as real time passes. A read blocks until its samples are due, as a sound card's does. Read by
 * the sound driver's one thread.
 */
final class StreetNoise implements AudioSource {
    private final Clock clock;
    private final ToDoubleFunction<Instant> levelDb;
    private final double calibration;
    private final float rate;
    private final SplittableRandom random;
    private final long startMillis;
    private long produced;
    private volatile boolean closed;

    StreetNoise(Clock clock, ToDoubleFunction<Instant> levelDb, double calibration, float rate, long seed) {
        this.clock = clock;
        this.levelDb = levelDb;
        this.calibration = calibration;
        this.rate = rate;
        this.random = new SplittableRandom(seed);
        this.startMillis = clock.millis();
    }

    @Override
    public float sampleRate() {
        return rate;
    }

    @Override
    public int read(double[] into) {
        while (!closed) {
            long due = (long) ((clock.millis() - startMillis) * (double) rate / 1000) - produced;
            if (due >= into.length) {
                break;
            }
            LockSupport.parkNanos((long) ((into.length - due) * 1e9 / rate));
        }
        if (closed) {
            return -1;
        }
        Instant at = Instant.ofEpochMilli(startMillis + (long) (produced * 1000 / rate));
        // Broadband noise's A-weighted level lies about 1 dB below its flat level at this rate; the meter applies A.
        double rms = Math.pow(10, (levelDb.applyAsDouble(at) + 1.0 - calibration) / 20);
        for (int i = 0; i < into.length; i++) {
            into[i] = Math.max(-1, Math.min(1, rms * random.nextGaussian()));
        }
        produced += into.length;
        return into.length;
    }

    @Override
    public String describe() {
        return "synthetic street noise";
    }

    @Override
    public void close() {
        closed = true;
    }
}
