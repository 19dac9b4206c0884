package org.lantaarn.bench.jmh;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.lantaarn.protocol.Observation;
import org.lantaarn.protocol.Privacy;
import org.lantaarn.protocol.Quality;

/** Inputs shared by the benchmarks: a typical observation and one second of noise-like audio. */
public final class Samples {
    private Samples() {}

    /** A sound-level observation as a node sends it every minute (five values, units, quality, privacy). */
    public static Observation observation(String node, long seq, Instant end) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        String[] names = {"LAeq", "LAFmax", "LA10", "LA50", "LA90"};
        double[] v = {58.3, 71.9, 61.2, 56.8, 52.4};
        for (int i = 0; i < names.length; i++) {
            values.put(names[i], v[i] + (seq % 10) / 10.0);
            units.put(names[i], "dB");
        }
        return new Observation(node, "noise", "sound-level", seq, end.minusSeconds(60), end, values, units,
                new Quality(1.0, List.of()), new Privacy(null, List.of(), null, null));
    }

    /** {@code n} samples of pseudo-random noise in ±0.25 full scale, deterministic. */
    public static double[] noise(int n) {
        SplittableRandom r = new SplittableRandom(7);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (r.nextDouble() - 0.5) * 0.5;
        }
        return out;
    }
}
