package org.lantaarn.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark's figures: the medians of Lantaarn and of its raw baseline over {@code runs} repeated runs, their
 * ratio, whether the goal holds, and any further figures. Printed as a table and written as
 * {@code <dir>/<name>.json} with at least {@code name, unit, lantaarn, baseline, ratio, runs, cores}.
 */
public final class Result {
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param higherIsBetter whether the goal is {@code ratio >= goal} (throughput) or {@code ratio <= goal} (memory)
     */
    public Result(String name, String unit, double[] lantaarn, double[] baseline, double goal, boolean higherIsBetter, String goalText) {
        double l = median(lantaarn);
        double b = median(baseline);
        double ratio = b == 0 ? Double.NaN : l / b;
        fields.put("name", name);
        fields.put("unit", unit);
        fields.put("lantaarn", round(l));
        fields.put("baseline", round(b));
        fields.put("ratio", round(ratio));
        fields.put("runs", lantaarn.length);
        fields.put("cores", Runtime.getRuntime().availableProcessors());
        fields.put("goal", goalText);
        if (!Double.isNaN(goal)) {
            fields.put("goalMet", higherIsBetter ? ratio >= goal : ratio <= goal);
        }
        fields.put("lantaarnRuns", Arrays.stream(lantaarn).map(Result::round).boxed().toList());
        fields.put("baselineRuns", Arrays.stream(baseline).map(Result::round).boxed().toList());
        fields.put("at", Instant.now().toString());
        fields.put("load", loadAverage());
    }

    /** Adds a further figure (shown in the table and kept in the JSON). */
    public Result extra(String key, Object value) {
        fields.put(key, value instanceof Double d ? round(d) : value);
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /** A free-form row for the printed table only. */
    public Result row(String what, String value) {
        rows.add(new String[] {what, value});
        return this;
    }

    public void print(PrintStream out) {
        out.println();
        out.println("== " + fields.get("name") + " ==");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getKey().endsWith("Runs") || e.getKey().equals("name")) {
                continue;
            }
            out.printf(Locale.ROOT, "  %-22s %s%n", e.getKey(), e.getValue());
        }
        for (String[] r : rows) {
            out.printf(Locale.ROOT, "  %-22s %s%n", r[0], r[1]);
        }
    }

    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(fields.get("name") + ".json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), fields);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double median(double[] xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double[] s = xs.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** The {@code p}-th percentile (0..100) by nearest rank. */
    public static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double round(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double scale = Math.abs(x) >= 100 ? 1 : Math.abs(x) >= 1 ? 100 : 10_000;
        return Math.round(x * scale) / scale;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
