package org.lantaarn.node.sensor.particulates;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.lantaarn.node.sensor.NodeReadings;
import org.lantaarn.node.sensor.WindowSummary;

/**
 * Mean and max of PM2.5 and PM10 in a window, and the {@code rh>75} flag when the node's humidity in the
 * same window was above 75 %: optical particle counters count swollen droplets as dust in humid air. Warm-up
 * frames the driver skipped are counted: the window is flagged {@code warm-up} and, when it has readings too,
 * carries their number as {@code warmUpFrames}.
 */
final class ParticulateSummary implements WindowSummary {
    /** Quality flag: the node's humidity was above 75 % in this window. */
    static final String HUMID = "rh>75";
    static final double HUMID_THRESHOLD = 75.0;
    /** The event the driver reports skipped warm-up frames with, and the value that counts them. */
    static final String WARM_UP_FRAMES = "warmUpFrames";
    /** Quality flag: warm-up frames were skipped in this window. */
    static final String WARM_UP = "warm-up";

    private final double expectedPerSecond;
    private long n;
    private long warmUp;
    private double sum25, sum10;
    private double max25 = Double.NEGATIVE_INFINITY, max10 = Double.NEGATIVE_INFINITY;

    ParticulateSummary(double expectedPerSecond) {
        this.expectedPerSecond = expectedPerSecond;
    }

    static Map<String, String> units() {
        Map<String, String> u = new LinkedHashMap<>();
        for (String v : new String[] {"pm2_5.mean", "pm2_5.max", "pm10.mean", "pm10.max"}) {
            u.put(v, "ug/m3");
        }
        u.put("samples", "count");
        u.put(WARM_UP_FRAMES, "count");
        return u;
    }

    @Override
    public void sample(Instant at, Map<String, Double> values) {
        Double pm25 = values.get("pm2_5");
        Double pm10 = values.get("pm10");
        if (pm25 == null || pm10 == null) {
            throw new IllegalArgumentException("a particulate sample needs pm2_5 and pm10");
        }
        n++;
        sum25 += pm25;
        sum10 += pm10;
        max25 = Math.max(max25, pm25);
        max10 = Math.max(max10, pm10);
    }

    @Override
    public void event(Instant at, String name, long count) {
        if (WARM_UP_FRAMES.equals(name)) {
            warmUp += count;
        }
    }

    @Override
    public Result complete(Instant start, Instant end, NodeReadings node) {
        List<String> flags = new ArrayList<>();
        OptionalDouble rh = node.humidity(start, end);
        if (rh.isPresent() && rh.getAsDouble() > HUMID_THRESHOLD) {
            flags.add(HUMID);
        }
        if (warmUp > 0) {
            flags.add(WARM_UP);
        }
        if (n == 0) {
            return new Result(Map.of(), 0, flags);
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("pm2_5.mean", sum25 / n);
        v.put("pm2_5.max", max25);
        v.put("pm10.mean", sum10 / n);
        v.put("pm10.max", max10);
        v.put("samples", (double) n);
        if (warmUp > 0) {
            v.put(WARM_UP_FRAMES, (double) warmUp);
        }
        double expected = expectedPerSecond * Duration.between(start, end).toMillis() / 1000.0;
        return new Result(v, expected <= 0 ? 1 : Math.min(1, n / expected), flags);
    }
}
