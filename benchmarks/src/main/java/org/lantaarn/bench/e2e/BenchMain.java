package org.lantaarn.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end harness: {@code BenchMain <gateway|backlog|footprint|scale|all> [--key value ...]}. Each prints a
 * table and writes {@code bench/results/<name>.json} (or {@code --out DIR}). Sizes default to quick runs that
 * together stay under 10 minutes on a 2-core machine.
 *
 * <pre>
 * gateway   --nodes 20 --messages 20000 --runs 3 --latency-rate 200 --latency-seconds 10
 * backlog   --windows 1440 --runs 3          (windows per stream; 6 streams)
 * footprint --seconds 60 --runs 1
 * scale     --ladder 500,1000,1500 --window 5s --windows 3 --late-after 2s
 *
 * City scale (issue 13), not part of "all": bench/city.sh
 * pg-ingest    --nodes 20 --messages 20000 --runs 2 --replicas 1,2,3
 * twin-latency --nodes 1000 --window 5s --windows 6 --store sqlite|postgres
 * tables       --nodes 1000 --hours 24h --window 5m --health-every 5m --backends sqlite,postgres (bounds: see CityTablesBench)
 * </pre>
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: BenchMain <gateway|backlog|footprint|scale|all> [--key value ...]");
            System.exit(2);
        }
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path out = Path.of(o.getOrDefault("out", "bench/results"));
        List<String> which = args[0].equals("all") ? List.of("gateway", "backlog", "footprint", "scale") : List.of(args[0]);
        List<Result> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (String w : which) {
            switch (w) {
                case "gateway" -> results.add(GatewayIngestBench.run(i(o, "nodes", 20), i(o, "messages", 20_000), i(o, "runs", 3),
                        i(o, "latency-rate", 200), i(o, "latency-seconds", 10)));
                case "backlog" -> results.add(BacklogDrainBench.run(i(o, "windows", 1440), i(o, "runs", 3)));
                case "footprint" -> results.addAll(FootprintBench.run(i(o, "seconds", 60), i(o, "runs", 1)));
                case "scale" -> results.add(SimScaleBench.run(
                        Arrays.stream(o.getOrDefault("ladder", "500,1000,1500").split(",")).map(Integer::valueOf).toList(),
                        Duration.parse("PT" + o.getOrDefault("window", "5s").toUpperCase()), i(o, "windows", 3),
                        Duration.parse("PT" + o.getOrDefault("late-after", "2s").toUpperCase())));
                case "pg-ingest" -> results.add(CityIngestBench.run(i(o, "nodes", 20), i(o, "messages", 20_000), i(o, "runs", 2),
                        Arrays.stream(o.getOrDefault("replicas", "1,2,3").split(",")).map(Integer::valueOf).toList()));
                case "twin-latency" -> results.add(CityTwinLatencyBench.run(i(o, "nodes", 1000), d(o, "window", "5s"), i(o, "windows", 6),
                        o.getOrDefault("store", "sqlite"), i(o, "replicas", 1)));
                case "tables" -> results.add(CityTablesBench.run(
                        new CityTablesBench.Traffic(i(o, "nodes", 1000), i(o, "streams", 3), d(o, "hours", "24h"), d(o, "window", "5m"),
                                d(o, "health-every", "5m"), i(o, "rejections-per-node-hour", 1)),
                        CityTablesBench.bounds(d(o, "observation-retention", "6h"), d(o, "health-retention", "12h"), i(o, "health-per-node", 200),
                                d(o, "rejection-retention", "12h"), i(o, "rejections-kept", 10_000), d(o, "prune-every", "10m")),
                        List.of(o.getOrDefault("backends", "sqlite,postgres").split(","))));
                default -> throw new IllegalArgumentException("unknown benchmark " + w);
            }
        }
        for (Result r : results) {
            r.extra("harnessSeconds", (System.nanoTime() - t0) / 1e9);
            r.print(System.out);
            System.out.println("  written " + r.write(out));
        }
        if (results.stream().anyMatch(r -> r.get("boundsExceeded") instanceof List<?> l && !l.isEmpty())) {
            System.err.println("a table exceeded its configured bound: " + results.stream().map(r -> r.get("boundsExceeded")).toList());
            System.exit(1);
        }
        System.exit(0); // Paho and the simulator leave non-daemon threads behind
    }

    private static Duration d(Map<String, String> o, String key, String def) {
        return Duration.parse("PT" + o.getOrDefault(key, def).toUpperCase());
    }

    private static int i(Map<String, String> o, String key, int def) {
        return o.containsKey(key) ? Integer.parseInt(o.get(key)) : def;
    }
}
