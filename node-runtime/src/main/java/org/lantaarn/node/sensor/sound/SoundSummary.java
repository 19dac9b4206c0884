package org.lantaarn.node.sensor.sound;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantaarn.node.sensor.NodeReadings;
import org.lantaarn.node.sensor.WindowSummary;

/**
 * A window of 1 s levels: LAeq by energy averaging (never the arithmetic mean of decibels), LAFmax the
 * highest Fast level, and the statistical levels LA10, LA50 and LA90 (exceeded 10, 50 and 90 % of the
 * window's seconds, nearest rank over the 1 s LAeq values).
 */
public final class SoundSummary implements WindowSummary {
    static final String[] NAMES = {"LAeq", "LAFmax", "LA10", "LA50", "LA90"};

    private double[] seconds = new double[64];
    private int n;
    private double energy;
    private double lafmax = Double.NEGATIVE_INFINITY;
    private final List<String> flags;

    /** A summary without quality flags of its own. */
    public SoundSummary() {
        this(List.of());
    }

    /** A summary whose measured windows carry {@code flags} (such as {@code outside-class-1}). */
    public SoundSummary(List<String> flags) {
        this.flags = List.copyOf(flags);
    }

    static Map<String, String> units() {
        Map<String, String> u = new LinkedHashMap<>();
        for (String name : NAMES) {
            u.put(name, "dB");
        }
        return u;
    }

    @Override
    public void sample(Instant at, Map<String, Double> values) {
        Double laeq = values.get("LAeq1s");
        Double max = values.get("LAFmax1s");
        if (laeq == null || max == null) {
            throw new IllegalArgumentException("a sound sample needs LAeq1s and LAFmax1s");
        }
        add(laeq, max);
    }

    /** Adds one second. */
    public void add(double laeq, double max) {
        if (n == seconds.length) {
            seconds = Arrays.copyOf(seconds, n * 2);
        }
        seconds[n++] = laeq;
        energy += Math.pow(10, laeq / 10);
        lafmax = Math.max(lafmax, max);
    }

    @Override
    public Result complete(Instant start, Instant end, NodeReadings node) {
        if (n == 0) {
            return new Result(Map.of(), 0, List.of());
        }
        double[] sorted = Arrays.copyOf(seconds, n);
        Arrays.sort(sorted);
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("LAeq", round(10 * Math.log10(energy / n)));
        v.put("LAFmax", round(lafmax));
        v.put("LA10", round(exceeded(sorted, 0.10)));
        v.put("LA50", round(exceeded(sorted, 0.50)));
        v.put("LA90", round(exceeded(sorted, 0.90)));
        double expected = java.time.Duration.between(start, end).toMillis() / 1000.0;
        return new Result(v, Math.min(1, n / expected), flags);
    }

    /** The level exceeded during {@code share} of the seconds: the (1 − share) quantile, nearest rank. */
    static double exceeded(double[] sorted, double share) {
        int rank = (int) Math.ceil((1 - share) * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double db) {
        return Math.round(db * 100) / 100.0;
    }
}
