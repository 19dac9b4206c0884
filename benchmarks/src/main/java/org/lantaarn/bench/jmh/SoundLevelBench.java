package org.lantaarn.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.lantaarn.node.sensor.sound.SoundLevelMeter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A-weighting and LAeq,1s of one second of 48 kHz audio, fed in the driver's 100 ms buffers. The score is seconds of
 * audio per second: the real-time factor (real time is 1). {@link #sumOfSquares} is the bare loop over the same
 * samples, for scale.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SoundLevelBench {
    static final int RATE = 48_000;

    private double[] second;
    private final double[] buf = new double[RATE / 10];
    private SoundLevelMeter meter;
    private double last;

    @Setup
    public void setUp() {
        second = Samples.noise(RATE);
        meter = new SoundLevelMeter(RATE, 120.0, s -> last = s.laeq());
    }

    @Benchmark
    public double oneSecondOfAudio() {
        for (int off = 0; off < RATE; off += buf.length) {
            System.arraycopy(second, off, buf, 0, buf.length);
            meter.accept(buf, buf.length);
        }
        return last;
    }

    @Benchmark
    public void sumOfSquares(Blackhole bh) {
        double s = 0;
        for (int off = 0; off < RATE; off += buf.length) {
            System.arraycopy(second, off, buf, 0, buf.length);
            for (double x : buf) {
                s += x * x;
            }
        }
        bh.consume(s);
    }
}
