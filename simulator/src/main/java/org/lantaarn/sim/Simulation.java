package org.lantaarn.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lantaarn.config.ConfigLoader;
import org.lantaarn.config.ConfigResult;
import org.lantaarn.node.NodeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many real node runtimes in one JVM. Each node's configuration document is written to
 * {@code <dataDir>/<node>/config.yaml}, loaded and validated like a real node's, and run with its
 * own outbox in {@code <dataDir>/<node>/} and its own MQTT session. The runtimes share one scheduler
 * for windows and simulated reads, so a thousand nodes do not need a thousand timer threads.
 *
 * <p>Thread-safety: {@link #start} and {@link #close} are called by the owner's thread.
 */
public final class Simulation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

    private final List<NodeRuntime> runtimes = new ArrayList<>();
    private final ScheduledExecutorService scheduler;

    private Simulation(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Writes, validates and starts every node of {@code documents} (node id → configuration document).
     * A document that does not validate stops the start with every violation in the message.
     */
    public static Simulation start(Map<String, String> documents, Path dataDir, Clock clock) {
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(threads,
                r -> new Thread(r, "lantaarn-sim-scheduler-" + n.incrementAndGet()));
        Simulation sim = new Simulation(scheduler);
        try {
            for (Map.Entry<String, String> e : documents.entrySet()) {
                Path dir = dataDir.resolve(e.getKey());
                Files.createDirectories(dir);
                Path file = dir.resolve("config.yaml");
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                ConfigResult result = ConfigLoader.load(file);
                if (result instanceof ConfigResult.Invalid(List<org.lantaarn.config.Violation> violations)) {
                    throw new IllegalArgumentException("simulated node " + e.getKey() + " has an invalid configuration: " + violations);
                }
                ConfigResult.Valid valid = (ConfigResult.Valid) result;
                NodeRuntime rt = NodeRuntime.builder().config(valid.config()).configHash(valid.sha256()).dataDir(dir)
                        .clock(clock).scheduler(scheduler).build();
                sim.runtimes.add(rt);
                rt.start();
            }
        } catch (IOException e) {
            sim.close();
            throw new UncheckedIOException("cannot write the simulated nodes' data in " + dataDir, e);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        LOG.info("simulation: {} nodes started, data in {}", sim.runtimes.size(), dataDir);
        return sim;
    }

    /** The running node runtimes, in the order of their documents. */
    public List<NodeRuntime> runtimes() {
        return List.copyOf(runtimes);
    }

    /** How many of the runtimes have a connected uplink. */
    public long connected() {
        return runtimes.stream().filter(NodeRuntime::uplinkConnected).count();
    }

    /** Stops every runtime gracefully (each publishes its retained offline status), then the scheduler. */
    @Override
    public void close() {
        for (NodeRuntime rt : runtimes) {
            try {
                rt.close();
            } catch (RuntimeException e) {
                LOG.warn("simulation: node {} did not stop cleanly: {}", rt.node(), e.toString());
            }
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
