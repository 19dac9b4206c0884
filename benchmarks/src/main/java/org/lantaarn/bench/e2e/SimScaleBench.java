package org.lantaarn.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lantaarn.sim.Simulation;
import org.lantaarn.sim.city.Street;
import org.lantaarn.sim.city.VirtualCity;

/**
 * Simulator scale: for each size of a ladder, one JVM (this one) runs that many simulated lampposts, each a real node
 * runtime with its own outbox and MQTT session and 3 streams (climate, particulates, motion) of {@code window}
 * windows, against a real Mosquitto. A {@code mosquitto_sub} records when every observation reaches the broker.
 *
 * <p><b>Late.</b> Once every node is connected, the harness waits for the next window boundary and then watches
 * {@code windows} whole windows. A window is <em>on time</em> when its observation reaches the broker's subscriber at
 * most {@code lateAfter} after the window's end; it is <em>late</em> when it arrives later or not at all (counted for
 * every node and stream). The size holds when no window is late. The ladder stops at the first size that does not.
 * The comparison is with the goal of 1,000 nodes: no raw "bare MQTT session" ladder is measured.
 */
final class SimScaleBench {
    private SimScaleBench() {}

    static Result run(List<Integer> ladder, Duration window, int windows, Duration lateAfter) throws Exception {
        int best = 0;
        StringBuilder steps = new StringBuilder();
        for (int n : ladder) {
            long late = step(n, window, windows, lateAfter, steps);
            if (late > 0) {
                break;
            }
            best = n;
        }
        Result r = new Result("sim-scale", "simulated nodes without a late window", new double[] {best}, new double[] {1000}, 1.0, true,
                ">= 1,000 nodes (baseline: the goal)");
        r.extra("window", window.toString()).extra("windowsWatched", windows).extra("lateAfter", lateAfter.toString())
                .extra("streamsPerNode", 3).extra("steps", steps.toString().trim());
        return r;
    }

    /** Runs {@code n} nodes and returns how many windows were late. */
    private static long step(int n, Duration window, int windows, Duration lateAfter, StringBuilder steps) throws Exception {
        Path scratch = Infra.scratch("scale-" + n);
        long expected = (long) n * 3 * windows;
        long late;
        try (Infra.Broker broker = Infra.broker(scratch)) {
            Path out = scratch.resolve("arrivals.txt");
            Process sub = Infra.subscriber(broker, "lantaarn/v1/nodes/+/obs/#", 2_000_000_000L, out, "%U %t %p");
            long startNanos = System.nanoTime();
            try (Simulation sim = Simulation.start(VirtualCity.documents(Street.hinthamerstraat(), n, broker.uri(), window),
                    scratch.resolve("nodes"), Clock.systemUTC())) {
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (sim.connected() < n) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("only " + sim.connected() + " of " + n + " nodes connected");
                    }
                    Infra.sleep(100);
                }
                double startup = (System.nanoTime() - startNanos) / 1e9;
                long w = window.toMillis();
                long from = (System.currentTimeMillis() / w + 1) * w; // first watched window starts at the next boundary
                long to = from + windows * w;
                long until = to + lateAfter.toMillis() + 500;
                Infra.sleep(Math.max(0, until - System.currentTimeMillis()));
                sub.destroy();
                sub.waitFor();
                late = expected - onTime(out, from, to, lateAfter.toMillis());
                steps.append(String.format(Locale.ROOT, "%d nodes: %d of %d windows late, startup %.1f s; ", n, late, expected, startup));
                System.err.printf(Locale.ROOT, "scale %d nodes: %d of %d windows late (startup %.1f s, heap used %d MiB)%n", n, late, expected,
                        startup, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
                // Simulation.close stops the nodes one after the other, each with its goodbye; in parallel it takes seconds.
                try (var stop = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    sim.runtimes().forEach(rt -> stop.submit(rt::close));
                }
            }
        } finally {
            Infra.delete(scratch);
        }
        return late;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Distinct (node, stream, window) of the watched span that arrived at most {@code lateMs} after the window's end. */
    private static long onTime(Path arrivals, long from, long to, long lateMs) throws Exception {
        Set<String> ok = new HashSet<>();
        for (String line : Files.readAllLines(arrivals)) {
            int a = line.indexOf(' ');
            int b = line.indexOf(' ', a + 1);
            if (a < 0 || b < 0 || !Character.isDigit(line.charAt(0))) {
                continue;
            }
            long arrived = (long) (Double.parseDouble(line.substring(0, a)) * 1000);
            var json = JSON.readTree(line.substring(b + 1));
            if (!"lantaarn.obs/1".equals(json.path("schema").asText())) {
                continue;
            }
            long start = Instant.parse(json.get("start").asText()).toEpochMilli();
            long end = Instant.parse(json.get("end").asText()).toEpochMilli();
            if (start >= from && end <= to && arrived - end <= lateMs) {
                ok.add(json.get("node").asText() + "/" + json.get("stream").asText() + "/" + start);
            }
        }
        return ok.size();
    }
}
